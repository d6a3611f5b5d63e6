import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, NODE } from '../../fixtures/cliRun.ts';

export { BIN, cli, NODE, type CliRun } from '../../fixtures/cliRun.ts';

/**
 * An `actionline worker` process in a process group of its own, so that SIGKILL of the
 * group takes its analysis process with it, as a power cut would.
 */
export class WorkerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  log = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: { re: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];

  constructor(name: string, args: string[]) {
    this.name = name;
    this.child = spawn(NODE, [BIN, 'worker', '--name', name, ...args], {
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.exited = new Promise((r) =>
      this.child.once('exit', (code, signal) => r({ code, signal })),
    );
    this.child.stderr!.on('data', (d) => {
      this.log += d;
      this.#waiters = this.#waiters.filter((w) => {
        const m = this.log.match(w.re);
        if (m) w.resolve(m);
        return !m;
      });
    });
  }

  /** Resolves with the first match of `re` in the log (now or later). */
  waitFor(re: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    const now = this.log.match(re);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${re} within ${timeoutMs} ms; log:\n${this.log}`)),
        timeoutMs,
      );
      this.#waiters.push({
        re,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      });
    });
  }

  signal(sig: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(sig);
    }
  }

  /** SIGKILL to the whole group: the worker and its analysis process die at once. */
  killGroup(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
