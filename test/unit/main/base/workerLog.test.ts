import { appendFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendWorkerLog,
  MAX_TEXT_CHARS,
  readWorkerLog,
  workerLogPath,
  type WorkerLogEntry,
} from '../../../../main/base/workerLog.ts';

/** The worker log's file: in the user's cache folder, bounded, newest entries kept. */
const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'actionline-log-'));
const saved = process.env.XDG_CACHE_HOME;

beforeAll(() => {
  process.env.XDG_CACHE_HOME = cacheDir;
});
afterAll(() => {
  if (saved === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = saved;
  rmSync(cacheDir, { recursive: true, force: true });
});

const entry = (n: number): WorkerLogEntry => ({
  atIso: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  kind: 'error',
  code: 'INFERENCE_FAILED',
  message: `failure number ${n}`,
  jobs: [{ videoPath: `/videos/${n}.mp4`, modelRef: 'motion' }],
});

describe('the worker log', () => {
  it('lives in the user cache folder and reads back the newest entries, oldest first', () => {
    expect(workerLogPath()).toBe(
      path.join(cacheDir, 'actionline', 'logs', 'analysis-worker.jsonl'),
    );
    expect(readWorkerLog()).toEqual([]);
    for (let n = 1; n <= 7; n++) appendWorkerLog(entry(n));
    appendFileSync(workerLogPath(), '{"torn": \n');
    expect(readWorkerLog(3).map((e) => e.message)).toEqual([
      'failure number 5',
      'failure number 6',
      'failure number 7',
    ]);
    expect(readWorkerLog()).toHaveLength(5);
  });

  it('stays under its size bound, dropping the oldest entries', () => {
    const maxBytes = 2_000;
    for (let n = 100; n < 200; n++) appendWorkerLog(entry(n), maxBytes);
    expect(statSync(workerLogPath()).size).toBeLessThanOrEqual(maxBytes);
    const kept = readWorkerLog(1_000);
    expect(kept.at(-1)!.message).toBe('failure number 199');
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(100);
    // What is kept is the newest, in order, without gaps.
    const numbers = kept.map((e) => Number(e.message.split(' ').at(-1)));
    expect(numbers).toEqual(numbers.map((_, i) => 200 - kept.length + i));
  });

  it('clips a long stderr tail to its end', () => {
    appendWorkerLog({ ...entry(300), kind: 'crash', stderrTail: `${'x'.repeat(10_000)}END` });
    const last = readWorkerLog(1)[0]!;
    expect(last.stderrTail).toHaveLength(MAX_TEXT_CHARS);
    expect(last.stderrTail!.endsWith('END')).toBe(true);
  });
});
