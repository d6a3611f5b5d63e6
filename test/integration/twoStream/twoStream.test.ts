import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVideos } from '../../../main/app/addVideos.ts';
import { analyzeVideos } from '../../../main/app/analyzeVideos.ts';
import { FlowWorkerPool } from '../../../main/flow/flowPool.ts';
import type { Tvl1Params } from '../../../models/flow/tvl1Params.ts';
import { encodeFlowImages, flowSnippetInput } from '../../../main/flow/tsnEncoding.ts';
import { tvl1Flow } from '../../../main/flow/tvl1.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { cropBoxes } from '../../../main/inference/preprocess.ts';
import { gray8Luma, packedFlowMeans, startFlowSnippet } from '../../../main/pipeline/flowStage.ts';
import type { ScoreVideoResult } from '../../../main/pipeline/scoreVideo.ts';
import { Project } from '../../../main/project/project.ts';
import { fuseStreams } from '../../../main/analysis/streamFusion.ts';
import { rederiveRun } from '../../../main/project/rederive.ts';
import { listRuns, readSnippetScores } from '../../../main/project/runs.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import { benchVideo, motionTestVideo } from '../../fixtures/videos.ts';
import { TINY_LABELS, TINY_SIZE, writeTinyModels, type TinyModels } from './helpers/tinyModels.ts';

/**
 * The optical-flow stream through the real pipeline (worker process, ffmpeg, TV-L1 worker
 * threads, onnxruntime) with tiny random-weight TSN-shaped models at 64×48 frames, and
 * two-stream RGB+Flow runs from the CLI and the app. TV-L1 here uses a cheap parameter set
 * (FAST) passed in the job; the product's default is OpenCV's.
 */
const FAST: Partial<Tvl1Params> = {
  nscales: 3,
  warps: 2,
  outerIterations: 2,
  innerIterations: 10,
};
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');

let dir = '';
let clip = '';
let models: TinyModels;
const host = new ForkedAnalysisHost();

function job(modelRef: string, over: Partial<ScoreJob> = {}): ScoreJob {
  return {
    videoPath: clip,
    modelRef,
    device: 'cpu',
    intraOpThreads: 1,
    plan: { kind: 'interval', intervalSec: 0.5 },
    batchSnippets: 3,
    decodeThreads: 1,
    flow: { engine: 'cpu', params: FAST, workers: 2 },
    ...over,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-twostream-'));
  clip = path.join(dir, 'clip.mp4');
  // 2 s at 30 fps, a moving test pattern.
  copyFileSync(await benchVideo({ durationSec: 2, widthPx: 128, heightPx: 96 }), clip);
  models = await writeTinyModels(path.join(dir, 'models'));
});
afterAll(() => host.close());

/** The flow stream recomputed here from the definitions: decode, TV-L1, TSN encoding, 10 crops, ORT. */
async function referenceFlowScores(result: ScoreVideoResult): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(
    readFileSync(path.join(path.dirname(models.flow), 'model.onnx')),
  );
  const { frameW, frameH, crop } = TINY_SIZE;
  const video = await probeVideo(clip);
  const out = new Float32Array(result.snippets.length * TINY_LABELS.length);
  let s = 0;
  for await (const run of sampleFrameRuns(video, result.snippets, {
    widthPx: frameW,
    heightPx: frameH,
  })) {
    const gray = run.frames.map((f) => gray8Luma(f, frameW, frameH));
    const fields = gray.slice(1).map((I1, k) => encodeFlowImages(tvl1Flow(gray[k]!, I1, FAST)));
    const boxes = cropBoxes('ten', frameW, frameH, crop, crop);
    const input = new Float32Array(boxes.length * 10 * crop * crop);
    boxes.forEach((b, i) =>
      input.set(
        flowSnippetInput(fields, { ...b, widthPx: crop, heightPx: crop }),
        i * 10 * crop * crop,
      ),
    );
    const res = await session.run({
      data: new ort.Tensor('float32', input, [boxes.length, 10, crop, crop]),
    });
    const logits = res.fc_action!.data as Float32Array;
    for (let c = 0; c < TINY_LABELS.length; c++) {
      let sum = 0;
      for (let b = 0; b < boxes.length; b++) sum += logits[b * TINY_LABELS.length + c]!;
      out[s * TINY_LABELS.length + c] = sum / boxes.length;
    }
    s++;
  }
  await session.release();
  return out;
}

describe('the flow stream', () => {
  let flowAlone: ScoreVideoResult;

  it('scores a generated video: 6-frame runs, TV-L1 on the worker pool, TSN encoding, 10 crops averaged', async () => {
    flowAlone = await host.score(job(models.flow));
    const n = flowAlone.snippets.length;
    expect(n).toBe(4); // 0, 0.5, 1, 1.5 s
    expect(flowAlone.snippets.every((s) => s.frameCount === 6)).toBe(true);
    expect(flowAlone.snippets.map((s) => s.startFrame)).toEqual([0, 13, 28, 43]);
    expect(flowAlone.scores.scores.length).toBe(n * TINY_LABELS.length);
    const expected = await referenceFlowScores(flowAlone);
    flowAlone.scores.scores.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 4));
    // The snippets differ (the pattern moves): not a constant output.
    expect(new Set(flowAlone.scores.scores).size).toBeGreaterThan(TINY_LABELS.length);
  });

  it('the ONNX TV-L1 engine gives the same scores within float rounding of the fields', async () => {
    const onnx = await host.score(
      job(models.flow, { flow: { engine: 'onnx', params: { ...FAST, epsilon: 0 } } }),
    );
    const cpu = await host.score(
      job(models.flow, { flow: { engine: 'cpu', params: { ...FAST, epsilon: 0 }, workers: 2 } }),
    );
    let most = 0;
    onnx.scores.scores.forEach(
      (v, i) => (most = Math.max(most, Math.abs(v - cpu.scores.scores[i]!))),
    );
    // A field value within 4e-3 px of a quantisation step may land on the other 8-bit value.
    expect(most).toBeLessThan(0.02);
  });

  it('moving-box video: encoded flow ≠ 128 where the box moves, ≈ 128 where everything is still', async () => {
    const motion = await motionTestVideo(); // 320×180, 25 fps; box moves right 70 px/s in [3, 6) s
    const video = await probeVideo(motion.path);
    const w = 160;
    const h = 90;
    // Frames 110–115 (t ≈ 4.4–4.6 s, box at x ≈ 142–150 px of 320) and 200–205 (still).
    const runs = [
      { startFrame: 110, frameCount: 6 },
      { startFrame: 200, frameCount: 6 },
    ];
    const pool = new FlowWorkerPool({ size: 2, params: FAST });
    try {
      const packed: Uint8Array[][] = [];
      for await (const run of sampleFrameRuns(video, runs, { widthPx: w, heightPx: h }))
        packed.push(await startFlowSnippet(run.frames, w, h, pool));
      const [moving, still] = packed as [Uint8Array[], Uint8Array[]];
      // Inside the box (half size: x ≥ 71 + margin, 28 px wide; y 31–59).
      const box = { xPx: 76, yPx: 36, widthPx: 18, heightPx: 18 };
      const inBox = packedFlowMeans(moving, w, box);
      // 70 px/s at 25 fps = 2.8 px/frame, 1.4 px at half size → round(255·21.4/40) = 136.
      expect(inBox.x).toBeGreaterThan(133);
      expect(Math.abs(inBox.y - 128)).toBeLessThan(1.5);
      const background = packedFlowMeans(moving, w, { xPx: 4, yPx: 4, widthPx: 40, heightPx: 20 });
      expect(Math.abs(background.x - 128)).toBeLessThan(1);
      const stillMeans = packedFlowMeans(still, w);
      // Zero flow is 127.5 → 128 (half to even); the video's temporal noise moves single
      // values by a step either way.
      expect(Math.abs(stillMeans.x - 128)).toBeLessThan(1);
      expect(Math.abs(stillMeans.y - 128)).toBeLessThan(1);
    } finally {
      await pool.close();
    }
  });

  describe('two-stream runs', () => {
    it('one job scores RGB and flow on the same snippets; the fused output is the weighted sum of logits', async () => {
      const weights = { rgb: 1, flow: 1.5 };
      const both = await host.score(
        job(models.rgb, { twoStream: { flowModelRef: models.flow, weights } }),
      );
      // Two-stream runs decode the RGB plan's own frames (the flow stacks sit around them).
      const rgbAlone = await host.score(job(models.rgb, { exactFrames: true }));
      const [rgb, flow] = both.streams!;
      expect(rgb!.stream).toBe('rgb');
      expect(flow!.stream).toBe('flow');
      expect([rgb!.weight, flow!.weight]).toEqual([1, 1.5]);
      // Each stream is what it gives alone (interval plan: the flow stacks are already centred).
      expect(rgb!.scores.scores).toEqual(rgbAlone.scores.scores);
      expect(flow!.scores.scores).toEqual(flowAlone.scores.scores);
      expect([...flow!.scores.snippetCenterSec]).toEqual([...rgb!.scores.snippetCenterSec]);
      both.scores.scores.forEach((v, i) =>
        expect(v).toBe(Math.fround(0 + 1 * rgb!.scores.scores[i]! + 1.5 * flow!.scores.scores[i]!)),
      );
      expect(both.scores.kind).toBe('logits');
    });

    it('reports the models and progress, and a cancel stops both streams', async () => {
      const progress: number[] = [];
      const notes: string[] = [];
      await host.score(
        job(models.rgb, { twoStream: { flowModelRef: models.flow, weights: { rgb: 1, flow: 1 } } }),
        {
          onProgress: (p) => progress.push(p.doneSnippets / p.totalSnippets),
          onModel: (m) => notes.push(m.provider),
        },
      );
      expect(notes).toEqual(['cpu']);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toBe(1);
      expect([...progress].sort((a, b) => a - b)).toEqual(progress);

      // OpenCV's parameters on 25 snippets take a while: cancel after the first progress.
      // (How fast the cancel lands is a number: test/bench/cancelBench.ts measures it.)
      const controller = new AbortController();
      const cancelled = host.score(
        job(models.rgb, {
          plan: { kind: 'tsn25' },
          flow: { engine: 'cpu', workers: 2 },
          twoStream: { flowModelRef: models.flow, weights: { rgb: 1, flow: 1 } },
        }),
        { signal: controller.signal, onProgress: () => controller.abort() },
      );
      await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
      // Both streams stopped: the worker takes the next job and finishes it.
      const next = await host.score(job(models.rgb));
      expect(next.snippets.length).toBe(4);
    });

    it('tsn25: the flow stacks sit around TSN’s RGB frames and the snippets pair up', async () => {
      const both = await host.score(
        job(models.rgb, {
          plan: { kind: 'tsn25' },
          twoStream: { flowModelRef: models.flowCenter, weights: { rgb: 1, flow: 1 } },
        }),
      );
      const [rgb, flow] = both.streams!;
      expect(rgb!.scores.snippetCenterSec).toEqual(flow!.scores.snippetCenterSec);
      expect(both.snippets.map((s) => s.startFrame)).toEqual(
        Array.from({ length: 25 }, (_, k) => 2 * k), // (60 − 1) // 24 = 2
      );
    });

    it('prelabel --model <rgb> --flow-model <flow> --fusion 1:1.5 writes results from the fused scores', async () => {
      const out = path.join(dir, 'two.json');
      const run = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(NODE, [
          BIN,
          'prelabel',
          clip,
          ...['--model', models.rgb, '--flow-model', models.flow, '--fusion', '1:1.5'],
          ...['--task', 'classification', '--interval', '0.5', '--device', 'cpu', '--threads', '1'],
          ...['--out', out],
        ]);
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/tiny-rgb \+ tiny-flow \(fusion 1:1\.5\)/);
      const results = JSON.parse(readFileSync(out, 'utf8')) as {
        results: Record<string, { label: string; score: number }[]>;
      };
      expect(results.results.clip!.length).toBeGreaterThan(0);
      expect(TINY_LABELS).toContain(results.results.clip![0]!.label);

      const bad = await new Promise<number | null>((resolve) => {
        const child = spawn(NODE, [
          BIN,
          'prelabel',
          clip,
          '--model',
          models.flow,
          '--flow-model',
          models.rgb,
          '--out',
          out,
        ]);
        child.on('exit', resolve);
      });
      expect(bad).not.toBe(0);
    });

    it('the app stores both streams with their weights; re-deriving fuses them again to the same predictions', async () => {
      const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
      try {
        await addVideos(project.db, [clip]);
        const outcome = await analyzeVideos(project.db, host, {
          videoIds: ['clip'],
          model: models.rgb,
          flowModel: models.flow,
          fusion: { rgb: 1, flow: 1.5 },
          intervalSec: 0.5,
          device: 'cpu',
          threads: 1,
        });
        expect(outcome.failures).toEqual([]);
        const run = listRuns(project.db).find((r) => r.id === outcome.runId)!;
        expect(run.streams.map((s) => [s.stream, s.modelId, s.weight])).toEqual([
          ['rgb', 'tiny-rgb', 1],
          ['flow', 'tiny-flow', 1.5],
        ]);
        const rgb = readSnippetScores(project.db, run.id, 'rgb', 'clip')!;
        const flow = readSnippetScores(project.db, run.id, 'flow', 'clip')!;
        const fused = fuseStreams(
          [
            { stream: 'rgb', weight: 1, scores: rgb },
            { stream: 'flow', weight: 1.5, scores: flow },
          ],
          'clip',
        );
        fused.scores.forEach((v, i) =>
          expect(v).toBe(Math.fround(1 * rgb.scores[i]! + 1.5 * flow.scores[i]!)),
        );
        const labelsBefore = project.db
          .prepare('SELECT label, score FROM video_labels WHERE run_id = ? ORDER BY label')
          .all(run.id);
        const counts = rederiveRun(project.db, run.id);
        expect(counts.videos).toBe(1);
        const labelsAfter = project.db
          .prepare('SELECT label, score FROM video_labels WHERE run_id = ? ORDER BY label')
          .all(run.id);
        expect(labelsAfter).toEqual(labelsBefore);
      } finally {
        project.close();
      }
    });
  });
});
