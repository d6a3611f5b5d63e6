import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { readWorkerLog } from '../../../main/base/workerLog.ts';
import { darkThenBrightVideo, writeFailWhenBrightModel } from '../../fixtures/failingModel.ts';
import { testScoreJob } from '../../fixtures/scoreJob.ts';

/**
 * onnxruntime fails on a later batch of a video (real ORT on a graph that refuses bright
 * snippets, through the real worker process and inference thread): the job fails with that
 * error, naming the model and the video, the error goes to the worker log (in a temporary
 * XDG_CACHE_HOME here), and the same worker goes on to the next job.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-failing-'));
const savedCache = process.env.XDG_CACHE_HOME;
let host: ForkedAnalysisHost;
let job: ScoreJob;

beforeAll(async () => {
  process.env.XDG_CACHE_HOME = path.join(dir, 'cache');
  const videoPath = await darkThenBrightVideo(3);
  host = new ForkedAnalysisHost();
  // 24 snippets in batches of 4: batches 0–2 are dark and succeed, batch 3 fails.
  job = testScoreJob(videoPath, { modelRef: writeFailWhenBrightModel(path.join(dir, 'model')) });
});

afterAll(async () => {
  await host.close();
  if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedCache;
  rmSync(dir, { recursive: true, force: true });
});

describe('an inference failure partway through a video', () => {
  it('fails the job with the real error and keeps the worker for the next job', async () => {
    const progress: number[] = [];
    const failed = host.score(job, { onProgress: (p) => progress.push(p.doneSnippets) });
    await expect(failed).rejects.toMatchObject({
      code: 'INFERENCE_FAILED',
      message: expect.stringMatching(/onnxruntime \(cpu\) failed: .*Gather|indices/i),
    });
    const err = (await failed.catch((e: unknown) => e)) as Error;
    expect(err.message).toContain(job.modelRef);
    expect(err.message).toContain(job.videoPath);
    // The dark batches were scored before the failure.
    expect(progress).toContain(12);
    expect(readWorkerLog()).toEqual([
      expect.objectContaining({
        kind: 'error',
        code: 'INFERENCE_FAILED',
        message: err.message,
        jobs: [{ videoPath: job.videoPath, modelRef: job.modelRef }],
      }),
    ]);
    const pid = host.pid;
    expect(pid).toBeDefined();

    // Dark part only: every batch succeeds, in the same process.
    const ok = await host.score({
      ...job,
      plan: { kind: 'interval', intervalSec: 0.5 },
      sampleFrames: [0, 5, 10, 15, 20, 25],
    });
    expect(ok.snippets).toHaveLength(6);
    expect(host.pid).toBe(pid);
  });
});
