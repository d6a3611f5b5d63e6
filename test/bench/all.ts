import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm run bench`: every benchmark in turn — the project store, the pipeline (run.ts), the
 * clips against scripts, the dataset. `--quick`: the pipeline on a 60 s video, one round of
 * the 60 s clip, a 5-video dataset. Stops at the first that fails.
 */
const quick = process.argv.includes('--quick');
const steps: [string, string[]][] = [
  ['projectBench.ts', []],
  ['run.ts', quick ? ['--quick'] : []],
  ['clipBench.ts', quick ? ['--clip', '60', '--rounds', '1'] : []],
  ['datasetBench.ts', quick ? ['--videos', '5'] : []],
];
for (const [file, args] of steps) {
  const r = spawnSync(process.execPath, [path.join(import.meta.dirname, file), ...args], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
