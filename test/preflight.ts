/**
 * First step of `npm test`: are Chromium, chromedriver and redis-server here? On Debian or
 * Ubuntu as root the missing ones are installed with apt (as CI runs it, in a fresh clone);
 * anywhere else it stops at once with the command that installs them, before minutes of
 * other tests. The decision is test/preflight/plan.ts; this file gathers facts and acts.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { preflightPlan, type MachineFacts } from './preflight/plan.ts';
import { findOnPath, findTool, TEST_TOOLS } from './preflight/tools.ts';

const missingTools = () => TEST_TOOLS.filter((t) => findTool(t) === undefined);

function osRelease(): string | null {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return null;
  }
}

const missing = missingTools();
const facts: MachineFacts = {
  missing,
  misnamed: missing.flatMap((tool) => {
    const named = process.env[tool.envVar];
    return named ? [{ tool, path: named }] : [];
  }),
  platform: process.platform,
  osRelease: osRelease(),
  isRoot: process.getuid?.() === 0,
  hasAptGet: findOnPath(['apt-get']) !== undefined,
};
const plan = preflightPlan(facts);

if (plan.kind === 'stop') {
  console.error(`preflight: ${plan.message}`);
  process.exit(1);
}
if (plan.kind === 'install') {
  console.error(`preflight: installing ${plan.packages.join(', ')} with apt-get`);
  for (const [program, ...args] of plan.steps) {
    const run = spawnSync(program!, args, {
      stdio: 'inherit',
      env: { ...process.env, ...plan.env },
    });
    if (run.status !== 0) {
      console.error(
        `preflight: ${[program, ...args].join(' ')} failed (${run.status ?? run.signal})`,
      );
      process.exit(1);
    }
  }
  const still = missingTools();
  if (still.length > 0) {
    console.error(`preflight: still missing after apt-get: ${still.map((t) => t.name).join(', ')}`);
    process.exit(1);
  }
}
console.error(`preflight: ${TEST_TOOLS.map((t) => `${t.name} ${findTool(t)}`).join(', ')}`);
