/**
 * How fast a cancel stops a running job (`node test/bench/cancelBench.ts`): a job is started
 * in the analysis worker process and aborted at its first progress; the time from the abort
 * to the job's CANCELLED rejection is measured, CANCEL_BENCH_RUNS times (default 3) per case.
 * Cases: two-stream RGB+Flow with TSN's 25 snippets and OpenCV's TV-L1 parameters (tiny
 * models, the slowest stage to stop: TV-L1 on worker threads), and the built-in motion model
 * on the 16 s test video. This was a "< 5 s" assertion in twoStream.test.ts; a wall-clock
 * limit belongs here, where a loaded machine changes a number instead of failing a test.
 * The last line is one JSON object.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../main/host/protocol.ts';
import { benchVideo, motionTestVideo } from '../fixtures/videos.ts';
import { writeTinyModels } from '../integration/twoStream/helpers/tinyModels.ts';

const runs = Number(process.env.CANCEL_BENCH_RUNS ?? 3);
const dir = mkdtempSync(path.join(tmpdir(), 'actionline-cancel-bench-'));
const clip = path.join(dir, 'clip.mp4');
copyFileSync(await benchVideo({ durationSec: 2, widthPx: 128, heightPx: 96 }), clip);
const models = await writeTinyModels(path.join(dir, 'models'));

const base = { device: 'cpu', intraOpThreads: 1, batchSnippets: 3, decodeThreads: 1 } as const;
const cases: { name: string; job: ScoreJob }[] = [
  {
    name: 'twoStreamTsn25',
    job: {
      ...base,
      videoPath: clip,
      modelRef: models.rgb,
      plan: { kind: 'tsn25' },
      flow: { engine: 'cpu', workers: 2 },
      twoStream: { flowModelRef: models.flow, weights: { rgb: 1, flow: 1 } },
    },
  },
  {
    name: 'motion',
    job: {
      ...base,
      videoPath: (await motionTestVideo()).path,
      modelRef: 'motion',
      plan: { kind: 'interval', intervalSec: 0.25 },
    },
  },
];

/** Milliseconds from the abort (at the first progress) to the CANCELLED rejection. */
async function cancelOnce(host: ForkedAnalysisHost, job: ScoreJob): Promise<number> {
  const controller = new AbortController();
  let abortedAt = 0;
  const pending = host.score(job, {
    signal: controller.signal,
    onProgress: () => {
      if (abortedAt === 0) abortedAt = performance.now();
      controller.abort();
    },
  });
  try {
    await pending;
    throw new Error('the job finished instead of being cancelled');
  } catch (err) {
    if ((err as { code?: string }).code !== 'CANCELLED') throw err;
  }
  return performance.now() - abortedAt;
}

const host = new ForkedAnalysisHost();
const results: Record<string, { ms: number[]; medianMs: number }> = {};
try {
  for (const c of cases) {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) ms.push(await cancelOnce(host, c.job));
    const sorted = [...ms].sort((a, b) => a - b);
    const medianMs = sorted[Math.floor(sorted.length / 2)]!;
    results[c.name] = { ms: ms.map((m) => Math.round(m)), medianMs: Math.round(medianMs) };
    console.log(
      `${c.name}: abort → CANCELLED ${ms.map((m) => m.toFixed(0)).join(', ')} ms (median ${medianMs.toFixed(0)})`,
    );
  }
} finally {
  await host.close();
}
console.log(JSON.stringify({ bench: 'cancel', runs, results }));
