import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../../main/host/protocol.ts';
import { ffmpegChildren } from '../../fixtures/ffmpegChildren.ts';
import { writeSlowModel } from '../../fixtures/slowModel.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';
import { testScoreJob } from '../../fixtures/scoreJob.ts';

/**
 * Videos back to back in one worker: the next job is sent once the running one has decoded,
 * so its decoding overlaps the previous job's last batches (a model slow to infer makes that
 * stretch long enough to see). A crash while two jobs share the worker fails neither on
 * suspicion: both run again, alone, and only a job that crashes alone fails.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-overlap-'));
let job: ScoreJob;
let host: ForkedAnalysisHost | undefined;

beforeAll(async () => {
  const video = await motionTestVideo();
  job = testScoreJob(video.path, {
    modelRef: writeSlowModel(dir, 400),
    plan: { kind: 'interval', intervalSec: 0.5 },
    batchSnippets: 8,
  });
});

afterEach(() => host?.close());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('jobs back to back in one worker', () => {
  it('the next job starts while the previous one infers its last batches, never two decodings at once, and scores as it would alone', async () => {
    host = new ForkedAnalysisHost();
    const alone = await host.score(job);
    let maxDecoders = 0;
    const poll = setInterval(() => {
      if (host?.pid) maxDecoders = Math.max(maxDecoders, ffmpegChildren(host.pid).length);
    }, 5);
    let firstDoneAtMs = Infinity;
    let secondStartedAtMs = Infinity;
    const first = host.score(job).then((r) => ((firstDoneAtMs = performance.now()), r));
    const second = host.score(job, { onModel: () => (secondStartedAtMs = performance.now()) });
    const [a, b] = await Promise.all([first, second]).finally(() => clearInterval(poll));
    expect(secondStartedAtMs).toBeLessThan(firstDoneAtMs);
    expect(maxDecoders).toBe(1);
    expect([...a.scores.scores]).toEqual([...alone.scores.scores]);
    expect([...b.scores.scores]).toEqual([...alone.scores.scores]);
  });

  it('a crash while two jobs share the worker runs both again alone; one that crashes alone fails', async () => {
    host = new ForkedAnalysisHost();
    const killWorker = () => process.kill(host!.pid!, 'SIGKILL');
    const pids: (number | undefined)[] = [];
    let secondStarts = 0;
    const first = host.score(job, { onModel: () => pids.push(host!.pid) });
    const second = host.score(job, {
      onModel: () => {
        secondStarts++;
        pids.push(host!.pid);
        // Once next to the first job, and again when it runs alone: it is then the cause.
        killWorker();
      },
    });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toMatchObject({ status: 'fulfilled', value: { snippets: { length: 32 } } });
    expect(b).toMatchObject({ status: 'rejected', reason: { code: 'WORKER_CRASHED' } });
    expect(secondStarts).toBe(2);
    // Together in one worker; then in a fresh one the first alone, the second after it alone.
    const [together, alsoTogether, firstAlone, secondAlone] = pids;
    expect(pids).toHaveLength(4);
    expect(alsoTogether).toBe(together);
    expect(firstAlone).not.toBe(together);
    expect(secondAlone).toBe(firstAlone);
  });

  it('a cancel past its grace time kills the shared worker; the other job runs again and completes', async () => {
    host = new ForkedAnalysisHost({ cancelGraceMs: 1 });
    const controller = new AbortController();
    const first = host.score(job, { signal: controller.signal });
    const second = host.score(job, { onModel: () => controller.abort() });
    const [a, b] = await Promise.allSettled([first, second]);
    expect(a).toMatchObject({ status: 'rejected', reason: { code: 'CANCELLED' } });
    expect(b).toMatchObject({ status: 'fulfilled', value: { snippets: { length: 32 } } });
  });
});
