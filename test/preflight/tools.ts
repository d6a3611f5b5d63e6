/**
 * The programs the tests need beyond `npm ci` (ffmpeg, ffprobe and onnxruntime come from
 * npm): Chromium and its driver for the end-to-end specs, redis-server for the queue tests.
 * One table, so the preflight, wdio.conf.ts and the queue tests look in the same places.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

export interface TestTool {
  /** What people call it (and the Debian command that runs it). */
  name: string;
  /** Environment variable that names the binary, overriding the usual places. */
  envVar: string;
  /** Absolute paths tried in order, then `commands` on PATH. */
  candidates: string[];
  commands: string[];
  /** The package that installs it, per package manager. */
  packages: { apt: string; dnf: string; brew: string };
  usedBy: string;
}

export const TEST_TOOLS: readonly TestTool[] = [
  {
    name: 'chromium',
    envVar: 'CHROME_BIN',
    candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser'],
    commands: ['chromium', 'chromium-browser'],
    // Homebrew ships Chromium and chromedriver as casks (brew install --cask).
    packages: { apt: 'chromium', dnf: 'chromium', brew: 'chromium' },
    usedBy: 'the end-to-end tests',
  },
  {
    name: 'chromedriver',
    envVar: 'CHROMEDRIVER_BIN',
    candidates: ['/usr/bin/chromedriver'],
    commands: ['chromedriver'],
    packages: { apt: 'chromium-driver', dnf: 'chromedriver', brew: 'chromedriver' },
    usedBy: 'the end-to-end tests',
  },
  {
    name: 'redis-server',
    envVar: 'ACTIONLINE_REDIS_SERVER',
    candidates: ['/usr/bin/redis-server'],
    commands: ['redis-server'],
    packages: { apt: 'redis-server', dnf: 'redis', brew: 'redis' },
    usedBy: 'the distributed-queue tests',
  },
];

export function testTool(name: string): TestTool {
  const tool = TEST_TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`no test tool "${name}"`);
  return tool;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `tool` is: the environment variable when set (even if wrong, so a typo there is
 * reported rather than silently replaced), else the first candidate, else PATH.
 */
export function findTool(
  tool: TestTool,
  env: NodeJS.ProcessEnv = process.env,
  executable: (file: string) => boolean = isExecutable,
): string | undefined {
  const named = env[tool.envVar];
  if (named) return executable(named) ? named : undefined;
  return tool.candidates.find(executable) ?? findOnPath(tool.commands, env, executable);
}

/** The first of `commands` found on PATH, as a full path. */
export function findOnPath(
  commands: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  executable: (file: string) => boolean = isExecutable,
): string | undefined {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  return dirs.flatMap((dir) => commands.map((c) => path.join(dir, c))).find(executable);
}

/** CI=true (or 1): a missing tool fails the run; elsewhere the tests that need it may skip. */
export function inCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['true', '1'].includes((env.CI ?? '').toLowerCase());
}
