import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { openQueue } from '../../main/queue/prelabelQueue.ts';
import { benchVideo } from '../fixtures/videos.ts';
import { cli, WorkerProcess } from '../integration/queue/processes.ts';
import { haveRedisServer, REDIS_SERVER, startRedis } from '../integration/queue/redisServer.ts';

/**
 * `npm run bench:queue`: throughput of distributed pre-labelling on this machine with 1, 2
 * and 3 `actionline worker` processes on a throwaway redis-server (no persistence). Each
 * round queues the same videos under a fresh queue name and times two spans:
 *   - wall: from starting the workers until the last video is done (includes process start);
 *   - steady: from the first job taken to the last one finished.
 * Reports; asserts nothing. Options: --videos <n> (default 12), --seconds <video length, 20>,
 * --threads <inference threads per worker, 1>, --workers <list, "1,2,3">, --interval <s, 0.5>.
 * The last line is one JSON object.
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : fallback;
};
const videoCount = Number(option('--videos', '12'));
const seconds = Number(option('--seconds', '20'));
const threads = option('--threads', '1');
const interval = option('--interval', '0.5');
const rounds = option('--workers', '1,2,3').split(',').map(Number);

if (!haveRedisServer) {
  console.error(`${REDIS_SERVER} is missing: apt-get install redis-server`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'actionline-queue-bench-'));
const redis = await startRedis();
const report: Record<string, unknown> = {
  videos: videoCount,
  videoSec: seconds,
  intervalSec: Number(interval),
  threadsPerWorker: Number(threads),
  cores: os.availableParallelism(),
  rounds: [] as unknown[],
};
try {
  const source = await benchVideo({ durationSec: seconds, widthPx: 640, heightPx: 360 });
  const videos = path.join(dir, 'videos');
  mkdirSync(videos);
  for (let i = 0; i < videoCount; i++) {
    copyFileSync(source, path.join(videos, `bench_${String(i).padStart(3, '0')}.mp4`));
  }
  for (const workerCount of rounds) {
    const name = `bench-${workerCount}`;
    const add = await cli([
      'queue',
      'add',
      videos,
      '--redis',
      redis.url,
      '--queue',
      name,
      '--interval',
      interval,
    ]);
    if (add.code !== 0) throw new Error(add.stderr);
    const queue = await openQueue(redis.url, name);
    const started = performance.now();
    const workers = Array.from(
      { length: workerCount },
      (_, i) =>
        new WorkerProcess(`bench${workerCount}-${i}`, [
          ...['--redis', redis.url, '--queue', name, '--threads', threads],
        ]),
    );
    for (;;) {
      const c = await queue.getJobCounts('completed', 'failed');
      if ((c.completed ?? 0) + (c.failed ?? 0) >= videoCount) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallSec = (performance.now() - started) / 1000;
    const jobs = await queue.getJobs(['completed']);
    const first = Math.min(...jobs.map((j) => j.processedOn ?? Infinity));
    const last = Math.max(...jobs.map((j) => j.finishedOn ?? 0));
    const steadySec = (last - first) / 1000;
    for (const w of workers) w.signal('SIGTERM');
    await Promise.all(workers.map((w) => w.exited));
    await queue.close();
    const row = {
      workers: workerCount,
      completed: jobs.length,
      wallSec: round(wallSec),
      steadySec: round(steadySec),
      videosPerMin: round((jobs.length / wallSec) * 60),
      steadyVideosPerMin: round((jobs.length / steadySec) * 60),
      videoSecondsPerSec: round((jobs.length * seconds) / wallSec),
    };
    (report.rounds as unknown[]).push(row);
    console.error(
      `${workerCount} worker${workerCount === 1 ? ' ' : 's'}: ${row.completed} videos in ${row.wallSec} s ` +
        `(${row.videosPerMin} videos/min; ${row.steadyVideosPerMin}/min once started; ` +
        `${row.videoSecondsPerSec}× real time)`,
    );
  }
} finally {
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify(report));

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
