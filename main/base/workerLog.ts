import {
  appendFileSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import type { ErrorCode } from '../../shared/result.ts';
import { userCacheDir } from './paths.ts';

/**
 * The analysis worker's log: its crashes, and the real errors of jobs that failed in it,
 * one JSON object per line in the user's cache folder. `actionline doctor` and the app's
 * Diagnostics view show the last few, so a bug report carries what the user only saw as
 * "the worker stopped". Bounded: past MAX_LOG_BYTES the older half is dropped.
 */
export interface WorkerLogEntry {
  atIso: string;
  /** 'crash': the worker process ended unasked; 'error': a job failed inside it. */
  kind: 'crash' | 'error';
  code: ErrorCode;
  message: string;
  pid?: number;
  /** What the worker was doing. */
  jobs: { videoPath: string; modelRef: string }[];
  /** Crashes: the last of what the worker wrote to stderr (a stack trace, a native abort). */
  stderrTail?: string;
}

export const MAX_LOG_BYTES = 256 * 1024;
/** Long enough for a stack trace; keeps every line far below MAX_LOG_BYTES. */
export const MAX_TEXT_CHARS = 4096;

export function workerLogPath(): string {
  return path.join(userCacheDir(), 'logs', 'analysis-worker.jsonl');
}

const clip = (text: string) => (text.length > MAX_TEXT_CHARS ? text.slice(-MAX_TEXT_CHARS) : text);

/** Never throws: a log that cannot be written must not fail the job, nor the app. */
export function appendWorkerLog(entry: WorkerLogEntry, maxBytes = MAX_LOG_BYTES): void {
  const file = workerLogPath();
  const clipped = {
    ...entry,
    message: clip(entry.message),
    ...(entry.stderrTail === undefined ? {} : { stderrTail: clip(entry.stderrTail) }),
  };
  const line = `${JSON.stringify(clipped)}\n`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    let sizeBytes = 0;
    try {
      sizeBytes = statSync(file).size;
    } catch {
      // no log yet
    }
    if (sizeBytes + Buffer.byteLength(line) > maxBytes) keepNewest(file, maxBytes / 2);
    appendFileSync(file, line);
  } catch {
    // a read-only or full cache folder: the error still reaches the user through the job
  }
}

/** Rewrites the log with its newest lines that fit in `budgetBytes` (whole lines only). */
function keepNewest(file: string, budgetBytes: number): void {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const kept: string[] = [];
  let total = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    total += Buffer.byteLength(lines[i]!) + 1;
    if (total > budgetBytes) break;
    kept.unshift(lines[i]!);
  }
  const partial = `${file}.${process.pid}.tmp`;
  writeFileSync(partial, kept.map((l) => `${l}\n`).join(''));
  renameSync(partial, file);
}

/** The newest `limit` entries, oldest first; lines that are not entries are skipped. */
export function readWorkerLog(limit = 5): WorkerLogEntry[] {
  let text: string;
  try {
    text = readFileSync(workerLogPath(), 'utf8');
  } catch {
    return [];
  }
  const entries: WorkerLogEntry[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = JSON.parse(line) as WorkerLogEntry;
      if (typeof entry?.message === 'string' && typeof entry.atIso === 'string') {
        entries.push(entry);
      }
    } catch {
      // a torn or foreign line
    }
  }
  return entries.slice(-limit);
}
