import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ResultsTask } from '../../main/activitynet/types.ts';
import type { RandomCase } from './randomCase.ts';

/** Runs the Python transcription of the official toolkit (activitynetReference.py) on a case. */

const SCRIPT = path.join(import.meta.dirname, 'activitynetReference.py');

export function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function officialNumbers(
  testCase: RandomCase,
  task: ResultsTask,
  topK = 3,
): Record<string, unknown> {
  const dir = mkdtempSync(path.join(tmpdir(), 'anet-ref-'));
  const gtFile = path.join(dir, 'gt.json');
  const predFile = path.join(dir, `${task}.json`);
  writeFileSync(gtFile, JSON.stringify(testCase.gt));
  writeFileSync(predFile, JSON.stringify(testCase[task]));
  const out = execFileSync(
    'python3',
    [SCRIPT, task, gtFile, predFile, 'validation', String(topK)],
    { encoding: 'utf8' },
  );
  return JSON.parse(out) as Record<string, unknown>;
}
