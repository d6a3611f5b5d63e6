import { ActionlineError } from '../../base/errors.ts';

/** What the commands that serve (`serve`, `ml-backend`) share. */

/** `--port`: 0–65535 (0: any free port). */
export function portNumber(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ActionlineError('BAD_ARGUMENT', `--port must be an integer 0–65535, got "${v}"`);
  }
  return n;
}

/** Resolves on Ctrl+C or a termination signal, so the server closes its sockets first. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}
