import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../main/project/project.ts';
import { listRuns, readSnippetScores } from '../../../main/project/runs.ts';
import type { QueueJobResult } from '../../../main/queue/jobs.ts';
import { openQueue, type PrelabelQueue } from '../../../main/queue/prelabelQueue.ts';
import type { QueueStatus } from '../../../main/queue/status.ts';
import { motionTestVideo, videoWithAudio } from '../../fixtures/videos.ts';
import { cli, WorkerProcess } from './processes.ts';
import {
  REDIS_SERVER,
  requireRedisServer,
  skipWithoutRedis,
  startRedis,
  type TestRedis,
} from './redisServer.ts';

/**
 * Distributed pre-labelling as people run it: a real redis-server, `actionline queue ...` and
 * `actionline worker` processes (each with its forked analysis process, real ffmpeg and
 * onnxruntime on the built-in motion model), workers killed, stopped and restarted.
 * Locks and stall checks are shortened (2 s / 1 s) so a dead worker's job comes back fast.
 */
if (skipWithoutRedis) {
  console.warn(
    `SKIPPED the queue tests: ${REDIS_SERVER} is missing (apt-get install redis-server; npm test's preflight installs it; under CI=true this fails instead)`,
  );
}

const QUEUE = 'it-queue';
const FAST = ['--threads', '1', '--lock-ms', '2000', '--stalled-ms', '1000'];
const PARAMS = ['--interval', '0.5'];

let redis: TestRedis;
let dir = '';
let resultsDir = '';
let good: string[] = [];
let poisoned = '';
let reference = '';
let queue: PrelabelQueue;
const workers: WorkerProcess[] = [];

const startWorker = (name: string, extra: string[] = []) => {
  const w = new WorkerProcess(name, ['--redis', redis.url, '--queue', QUEUE, ...FAST, ...extra]);
  workers.push(w);
  return w;
};

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 40_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const counts = () => queue.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');

async function cliStatus(): Promise<QueueStatus> {
  const r = await cli(['queue', 'status', '--redis', redis.url, '--queue', QUEUE, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as QueueStatus;
}

beforeAll(async () => {
  if (skipWithoutRedis) return;
  requireRedisServer();
  redis = await startRedis();
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-queue-'));
  resultsDir = path.join(dir, 'results');
  const motion = (await motionTestVideo()).path;
  const av = await videoWithAudio();
  mkdirSync(path.join(dir, 'videos'));
  good = ['m1', 'm2', 'm3', 'm4', 'a1', 'a2'].map((name) => {
    const file = path.join(dir, 'videos', `${name}.mp4`);
    copyFileSync(name.startsWith('m') ? motion : av, file);
    return file;
  });
  // A poisoned video: the first 30% of a real mp4 (its index, written last, is cut off).
  poisoned = path.join(dir, 'videos', 'poisoned.mp4');
  const bytes = readFileSync(motion);
  writeFileSync(poisoned, bytes.subarray(0, Math.floor(bytes.length * 0.3)));
  // The single-machine run to compare with.
  const ref = path.join(dir, 'reference.json');
  const r = await cli(['prelabel', ...good, ...PARAMS, '--threads', '1', '--out', ref]);
  expect(r.code, r.stderr).toBe(0);
  reference = readFileSync(ref, 'utf8');
  queue = await openQueue(redis.url, QUEUE);
});

afterAll(async () => {
  for (const w of workers) w.killGroup();
  await queue?.close();
  await redis?.stop();
});

/** A suggestion edge inside the video: the worker scored the frames around it. */
const hasInnerEdge = (r: QueueJobResult) =>
  (r.suggestions ?? []).some((g) => g.startSec > 0 || g.endSec < r.durationSec);

describe.skipIf(skipWithoutRedis)('actionline queue + worker on a real Redis', () => {
  // The steps run in order on one queue: each starts from where the previous left it.
  let killedJob = '';

  it('a worker SIGKILLed mid-video leaves its job active, and status shows the counts', async () => {
    const add = await cli([
      ...['queue', 'add', path.join(dir, 'videos'), '--redis', redis.url, '--queue', QUEUE],
      ...PARAMS,
      ...[
        '--attempts',
        '2',
        '--backoff',
        '0.3',
        '--results-dir',
        resultsDir,
        '--inline-scores',
        '0',
      ],
    ]);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toContain('added 7 videos');

    // A worker is SIGKILLed (with its analysis process) in the middle of a video.
    const w1 = startWorker('w1');
    const [, jobId, killedVideo] = (await w1.waitFor(/start (\S+) (\S+) \(attempt 1\)/))!;
    killedJob = jobId!;
    w1.killGroup();
    await w1.exited;
    const afterKill = await cliStatus();
    expect(afterKill.counts).toEqual({
      waiting: 6,
      active: 1,
      completed: 0,
      failed: 0,
      delayed: 0,
    });
    expect(afterKill.active[0]).toMatchObject({
      jobId: killedJob,
      videoId: killedVideo,
      worker: 'w1',
    });
  });

  it('SIGTERM: a worker with no grace hands its video back, one with grace finishes it', async () => {
    // Two workers; one is stopped with no grace in mid-video (its video goes back to
    // the queue without using an attempt), the other is stopped gracefully (finishes its video).
    const w2 = startWorker('w2', ['--grace', '0']);
    const w3 = startWorker('w3');
    const [, w2Job] = (await w2.waitFor(/start (\S+) \S+ \(attempt \d\)/))!;
    w2.signal('SIGTERM');
    await until('2 completed', counts, (c) => (c.completed ?? 0) >= 2);
    w3.signal('SIGTERM');
    const [e2, e3] = await Promise.all([w2.exited, w3.exited]);
    expect(e2.code, w2.log).toBe(0);
    expect(e3.code, w3.log).toBe(0);
    expect(w2.log).toMatch(new RegExp(`(returned|done) ${w2Job} `));
    expect(w3.log).toContain('stopped after');
    if (w2.log.includes(`returned ${w2Job}`)) {
      // Handed back, not failed: no error recorded, and it is waiting or done by w3.
      const job = (await queue.getJob(w2Job!))!;
      expect(job.failedReason ?? '').toBe('');
      expect(['waiting', 'active', 'completed']).toContain(await job.getState());
    }
  });

  it('restarted workers resume: the killed video is redone elsewhere, the poisoned one fails', async () => {
    const restarted = ['w4', 'w5', 'w6'].map((n) => startWorker(n));
    await until('all done', counts, (c) => c.completed === 6 && c.failed === 1, 45_000);
    const done = await cliStatus();
    expect(done.counts).toEqual({ waiting: 0, active: 0, completed: 6, failed: 1, delayed: 0 });
    expect(done.etaSec).toBe(0);
    expect(done.failed).toHaveLength(1);
    expect(done.failed[0]!.error).toContain(poisoned);
    expect(done.failed[0]!.error).toMatch(/not a readable video/);
    expect(done.failed[0]!.attempts).toBe(2);
    const text = await cli(['queue', 'status', '--redis', redis.url, '--queue', QUEUE]);
    expect(text.stdout).toContain('0 waiting, 0 active, 6 completed, 1 failed, 0 delayed');
    for (const w of restarted) w.signal('SIGTERM');
    for (const w of restarted) expect((await w.exited).code, w.log).toBe(0);

    // The killed worker's video was done by another worker.
    const killed = (await queue.getJob(killedJob))!;
    expect(await killed.getState()).toBe('completed');
    expect((killed.returnvalue as QueueJobResult).worker).not.toBe('w1');
  });

  it('collects each video once, the same as a single-machine run; re-adding is a no-op', async () => {
    // Adding the same videos again is a no-op.
    const again = await cli([
      ...['queue', 'add', ...good, poisoned, '--redis', redis.url, '--queue', QUEUE],
      ...PARAMS,
    ]);
    expect(again.stderr).toContain('added 0 videos; 7 already queued (6 completed, 1 failed)');

    // Collect: the same text as the single-machine run, each video once; the failure named.
    const out = path.join(dir, 'collected.json');
    const collect = await cli([
      'queue',
      'collect',
      '--redis',
      redis.url,
      '--queue',
      QUEUE,
      '--out',
      out,
    ]);
    expect(collect.code).toBe(1); // one video failed
    expect(collect.stderr).toMatch(new RegExp(`failed: .*${poisoned.replaceAll('/', '\\/')}`));
    expect(readFileSync(out, 'utf8')).toBe(reference);

    // Large scores went to the results folder, one file per job id, and the edge refinement's
    // per-frame scores beside them for every video with suggestions.
    const files = readdirSync(resultsDir).sort();
    const completed = await queue.getJobs(['completed']);
    expect(files.filter((f) => f.endsWith('.scores'))).toEqual(
      completed.map((j) => `${j.id}.scores`).sort(),
    );
    const withEdges = completed.filter((j) => hasInnerEdge(j.returnvalue as QueueJobResult));
    expect(withEdges.length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('.edges'))).toEqual(
      withEdges.map((j) => `${j.id}.edges`).sort(),
    );
  });

  it('merges the results into a project, twice into the same run', async () => {
    // Merging into a project twice gives one run with every video's scores and predictions.
    const projectFile = path.join(dir, 'project.actionline');
    for (const verb of ['stored', 'updated']) {
      const merge = await cli([
        ...['queue', 'collect', '--redis', redis.url, '--queue', QUEUE, '--project', projectFile],
      ]);
      expect(merge.stderr).toMatch(new RegExp(`${verb} run 1 in .*: 6 videos`));
    }
    const project = Project.open(projectFile);
    try {
      const runs = listRuns(project.db);
      expect(runs).toHaveLength(1);
      expect(runs[0]!.modelId).toBe('motion');
      const scores = readSnippetScores(project.db, runs[0]!.id, runs[0]!.streams[0]!.stream, 'm1');
      expect(scores!.snippetCenterSec.length).toBe(32); // 16 s every 0.5 s
      const { n } = project.db
        .prepare("SELECT count(*) AS n FROM segments WHERE run_id = ? AND product = 'ranked'")
        .get(runs[0]!.id) as { n: number };
      const suggested = project.db
        .prepare("SELECT count(*) AS n FROM segments WHERE run_id = ? AND product = 'suggested'")
        .get(runs[0]!.id) as { n: number };
      const edgeRows = project.db
        .prepare('SELECT count(*) AS n FROM edge_scores WHERE run_id = ?')
        .get(runs[0]!.id) as { n: number };
      const jobs = (await queue.getJobs(['completed'])).map((j) => j.returnvalue as QueueJobResult);
      const suggestionCount = jobs.reduce((sum, r) => sum + (r.suggestions ?? []).length, 0);
      expect(suggestionCount).toBeGreaterThan(0);
      expect(suggested.n).toBe(suggestionCount);
      expect(edgeRows.n).toBe(jobs.filter(hasInnerEdge).length);
      const expected = Object.values(
        (JSON.parse(reference) as { results: Record<string, unknown[]> }).results,
      ).reduce((sum, entries) => sum + entries.length, 0);
      expect(n).toBe(expected);
    } finally {
      project.close();
    }
  });
});
