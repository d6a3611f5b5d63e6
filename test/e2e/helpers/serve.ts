import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

/**
 * `actionline serve` as a child process, the way a user starts the web shell: the real bin,
 * any free port (--port 0), the URL read from the line it prints. XDG_CACHE_HOME points at
 * `cacheDir` so nothing touches the user's cache.
 */
export interface Served {
  url: URL;
  child: ChildProcess;
  /** Everything the server wrote to stderr so far (for failure messages). */
  stderr(): string;
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'main', 'cli', 'bin.mjs');

export async function serve(
  project: string,
  cacheDir: string,
  timeoutMs = 60_000,
): Promise<Served> {
  // process.execPath: the Node that runs wdio (npm scripts put node@24 first on PATH).
  const child = spawn(process.execPath, [BIN, 'serve', project, '--port', '0', '--threads', '1'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // ACTIONLINE_TEST_HOOKS: the test-hooks page (hooksPage in oracle.ts) is served.
    env: { ...process.env, XDG_CACHE_HOME: cacheDir, ACTIONLINE_TEST_HOOKS: '1' },
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`actionline serve printed no URL in ${timeoutMs} ms:\n${stderr}`)),
      timeoutMs,
    );
    lines.on('line', (line) => {
      const match = /Actionline is at (http:\/\/\S+)/.exec(line);
      if (!match) return;
      clearTimeout(timer);
      resolve(new URL(match[1]!));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`actionline serve exited (${code}) before printing a URL:\n${stderr}`));
    });
  });
  return {
    url,
    child,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
