import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../main/inference/host/forkedHost.ts';
import type { ScoreJob } from '../../main/inference/host/protocol.ts';
import { motionTestVideo } from '../fixtures/videos.ts';

/** The forked analysis worker: a crash or a cancel fails the job, never the caller. */
let host: ForkedAnalysisHost;
let job: ScoreJob;

beforeAll(async () => {
  const video = await motionTestVideo();
  host = new ForkedAnalysisHost();
  job = {
    videoPath: video.path,
    modelRef: 'motion',
    device: 'cpu',
    intraOpThreads: 1,
    plan: { kind: 'interval', intervalSec: 0.25 },
    batchSnippets: 4,
    decodeThreads: 1,
  };
});

afterAll(() => host.close());

describe('ForkedAnalysisHost', () => {
  it('scores a video in the worker process', async () => {
    const progress: number[] = [];
    const r = await host.score(job, { onProgress: (p) => progress.push(p.doneSnippets) });
    expect(r.snippets.length).toBe(64);
    expect(r.scores.scores.length).toBe(64 * 2);
    expect(progress.at(-1)).toBe(64);
  });

  it('fails the job with WORKER_CRASHED when the worker is killed, then recovers', async () => {
    const pending = host.score(job, {
      onProgress: () => {
        if (host.pid) process.kill(host.pid, 'SIGKILL');
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    const again = await host.score(job);
    expect(again.snippets.length).toBe(64);
  });

  it('cancels a running job through its AbortSignal', async () => {
    const controller = new AbortController();
    const pending = host.score(job, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    const again = await host.score(job);
    expect(again.snippets.length).toBe(64);
  });
});
