import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalIou } from '../../../main/analysis/nms.ts';
import { addVideos } from '../../../main/app/addVideos.ts';
import { QueueLink } from '../../../main/app/queueLink.ts';
import { Project } from '../../../main/project/project.ts';
import { segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import { motionTestVideo, type MotionTestVideo } from '../../fixtures/videos.ts';
import { WorkerProcess } from '../queue/processes.ts';
import {
  requireRedisServer,
  skipWithoutRedis,
  startRedis,
  type TestRedis,
} from '../queue/redisServer.ts';

/**
 * The app's queue link against a real redis-server and a real worker process: send project
 * videos, watch them finish, pull the results into the project as a run.
 */
let redis: TestRedis;
let project: Project;
let motion: MotionTestVideo;
const link = new QueueLink();

beforeAll(async () => {
  if (skipWithoutRedis) return;
  requireRedisServer();
  redis = await startRedis();
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-queuelink-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  motion = await motionTestVideo();
  copyFileSync(motion.path, path.join(dir, 'box.mp4'));
  await addVideos(project.db, [path.join(dir, 'box.mp4')]);
});
afterAll(async () => {
  await link.close();
  project?.close();
  await redis?.stop();
});

describe.skipIf(skipWithoutRedis)('the app and a distributed queue', () => {
  it('sends a video, sees it done by a worker, and pulls the run into the project', async () => {
    const target = { redisUrl: redis.url, queueName: 'app-link' };
    const sent = await link.send(project.db, target, {
      videoIds: ['box'],
      model: 'motion',
      intervalSec: 0.5,
      resultsDir: null,
    });
    expect(sent).toEqual({ added: 1, existing: 0 });
    const worker = new WorkerProcess('w1', [
      '--redis',
      redis.url,
      '--queue',
      'app-link',
      '--threads',
      '1',
    ]);
    try {
      await expect
        .poll(async () => (await link.status(target)).videos[0]?.state, {
          timeout: 60_000,
          interval: 250,
        })
        .toBe('completed');
    } finally {
      worker.signal('SIGTERM');
      await worker.exited;
    }
    const pulled = await link.collect(project.db, target, { resultsDir: null });
    expect(pulled).toMatchObject({ videos: 1, failed: 0 });
    // What the worker found is where the box moves (as analyzeVideos.test.ts checks locally).
    const predicted = segmentsInLayer(project.db, 'box', null);
    for (const [startSec, endSec] of motion.movingIntervalsSec) {
      const best = Math.max(
        ...predicted.map((s) => temporalIou(s.startSec, s.endSec, startSec, endSec)),
      );
      expect(best, `best tIoU with [${startSec}, ${endSec}]`).toBeGreaterThanOrEqual(0.8);
    }
    expect(predicted.every((s) => s.provenance === 'predicted' && s.runId === pulled.runId)).toBe(
      true,
    );
  });
});
