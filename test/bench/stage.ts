import { intervalPlan } from '../../main/analysis/samplingPlan.ts';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import { loadModel } from '../../main/inference/manifest.ts';
import { startInferenceThread } from '../../main/pipeline/threadRunner.ts';
import {
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from '../../main/inference/preprocessPlan.ts';
import { probeVideo } from '../../main/video/probe.ts';
import { MAX_SHIFT_FRAMES } from '../../main/video/referenceFrames.ts';
import { sampleFrameRuns } from '../../main/video/sampleFrames.ts';

/**
 * One measured stage, run as its own process tree so the parent can read its total CPU:
 *   node test/bench/stage.ts decode|infer|e2e <model ref> <video> <interval sec> <batch> [snippets]
 * (`snippets`: infer that many instead of the video's)
 * Prints one JSON line: {snippets}. Decoding samples reference frames where the pipeline
 * does (BENCH_EXACT_FRAMES=1: every snippet's own frame, as with --exact-frames).
 */
const [stage, modelRef, videoPath, intervalText, batchText, snippetsText] = process.argv.slice(
  2,
) as [string, string, string, string, string, string | undefined];
const intervalSec = Number(intervalText);
const batch = Number(batchText);
const model = await loadModel(modelRef);
const m = model.manifest;
const video = await probeVideo(videoPath);
const snippets = intervalPlan(video, { intervalSec, framesPerSnippet: m.framesPerSnippet });
const size = resizeTarget(m, video.width, video.height);

if (stage === 'decode') {
  let frames = 0;
  const runs = snippets.map((s) => ({ startFrame: s.startFrame, frameCount: s.frameCount }));
  // The decode mode the pipeline uses: reference frames for one-frame snippets (scoreVideo).
  const mode =
    process.env.BENCH_EXACT_FRAMES === '1'
      ? {}
      : { referenceFrames: { maxShiftFrames: MAX_SHIFT_FRAMES } };
  for await (const r of sampleFrameRuns(video, runs, { ...size, ...mode, reuseFrames: true })) {
    frames += r.frames.length;
  }
  console.log(JSON.stringify({ snippets: snippets.length, frames }));
} else if (stage === 'infer') {
  // Inference only: the same number of snippets, as pre-made tensors, through the same thread.
  const runner = await startInferenceThread({ modelRef, device: 'cpu', intraOpThreads: 0 });
  const per = valuesPerSnippet(m);
  const dims = (n: number) => modelInputDims(m, n);
  const template = new Float32Array(batch * per).map((_, i) => (i * 7919) % 255);
  // Buffers come back from the thread with each result and are reused, as scoreVideo does.
  const spare: Float32Array[] = [];
  const pending: Promise<void>[] = [];
  // A dataset's inference floor: all its snippets through one session (datasetBench.ts).
  const count = snippetsText === undefined ? snippets.length : Number(snippetsText);
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done);
    if (pending.length >= 2) await pending.shift();
    const input = spare.pop() ?? template.slice();
    pending.push(
      runner.run(input.subarray(0, n * per), dims(n)).then((r) => {
        spare.push(new Float32Array(r.input.buffer));
      }),
    );
  }
  await Promise.all(pending);
  await runner.close();
  console.log(JSON.stringify({ snippets: count }));
} else {
  const host = new ForkedAnalysisHost();
  const result = await host.score({
    videoPath,
    modelRef,
    device: 'cpu',
    intraOpThreads: 0,
    plan: { kind: 'interval', intervalSec },
    batchSnippets: batch,
    decodeThreads: 0,
    ...(process.env.BENCH_EXACT_FRAMES === '1' ? { exactFrames: true } : {}),
  });
  await host.close();
  console.log(JSON.stringify({ snippets: result.snippets.length }));
}
