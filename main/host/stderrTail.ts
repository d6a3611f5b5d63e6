import type { Writable } from 'node:stream';

/**
 * A child's stderr, passed through to ours as it arrives, with its last characters kept:
 * the stack trace (or native abort message) of a crash goes into the worker log with it.
 */
export interface StderrTail {
  text(): string;
  /**
   * Resolves once the stream has ended, or after `maxWaitMs`: a process's exit can be seen
   * before the last of its stderr is read, and a grandchild could hold the pipe open.
   */
  drained(maxWaitMs: number): Promise<void>;
}

export function keepStderrTail(
  stream: NodeJS.ReadableStream,
  forward: Writable,
  maxChars: number,
): StderrTail {
  let tail = '';
  let ended = false;
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    forward.write(chunk);
    tail += chunk;
    if (tail.length > 2 * maxChars) tail = tail.slice(-maxChars);
  });
  stream.once('end', () => (ended = true));
  stream.once('close', () => (ended = true));
  return {
    text: () => tail.slice(-maxChars),
    drained(maxWaitMs) {
      if (ended) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        const done = () => (clearTimeout(timer), resolve());
        stream.once('end', done);
        stream.once('close', done);
      });
    },
  };
}
