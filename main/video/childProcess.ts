import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/**
 * One ffmpeg/ffprobe child with the lifecycle the video module needs: stdout as a stream
 * (read with backpressure, never buffered whole), the last stderr lines for error messages,
 * and a kill that cannot leave an orphan (SIGTERM, then SIGKILL after a grace).
 *
 * fluent-ffmpeg (fluentFfmpeg.ts) runs what it fits: proxies with their progress, and
 * stream/format probing. The rest is spawned here, because fluent-ffmpeg (archived upstream)
 * cannot carry it: the raw-frame pipe of sampling needs stdout read with backpressure and
 * every stderr line as it comes (showinfo's frame times, framePts.ts); the packet scan and
 * the first-frame probe need ffprobe's -show_entries packet/frame sections, which its
 * ffprobe() never asks for (it reads streams and format only); shot cuts read a filter's
 * metadata from stdout; all of them need an AbortSignal that kills at once.
 */
export interface ChildRun {
  readonly pid: number;
  readonly stdout: Readable;
  /** Resolves once the process has exited and been reaped; never rejects. */
  readonly exited: Promise<ChildExit>;
  /** Stops the process: closes our end of stdout, SIGTERM, SIGKILL after `graceMs`. */
  kill(): void;
  /** The last non-empty stderr lines so far (about 4 KiB), oldest first. */
  stderrLines(): string[];
}

export interface ChildExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the binary could not be started at all (ENOENT, EACCES). */
  spawnError?: Error;
}

export interface StartChildOptions {
  signal?: AbortSignal | undefined;
  /** Time between SIGTERM and SIGKILL. */
  graceMs?: number;
  /**
   * Each complete stderr line as it comes; returning true takes it (it is then not kept
   * among the lines error messages are made of).
   */
  onStderrLine?: (line: string) => boolean;
}

const STDERR_TAIL_BYTES = 4096;

export function startChild(binary: string, args: string[], opts: StartChildOptions = {}): ChildRun {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  let stderrTail = '';
  let partialLine = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (!opts.onStderrLine) {
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
      return;
    }
    const lines = (partialLine + text).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) {
      if (!opts.onStderrLine(line))
        stderrTail = (stderrTail + line + '\n').slice(-STDERR_TAIL_BYTES);
    }
  });
  child.stderr.on('end', () => {
    if (partialLine && !opts.onStderrLine?.(partialLine)) {
      stderrTail = (stderrTail + partialLine).slice(-STDERR_TAIL_BYTES);
    }
  });

  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (spawnError) => resolve({ exitCode: null, signal: null, spawnError }));
    // 'close' (not 'exit'): stdio is drained too, so the stderr tail is complete.
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal }));
  }).finally(() => {
    clearTimeout(killTimer);
    opts.signal?.removeEventListener('abort', kill);
  });

  function kill(): void {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // A writer blocked on a full pipe may ignore SIGTERM; closing the pipe makes it fail.
    child.stdout.destroy();
    child.kill('SIGTERM');
    killTimer ??= setTimeout(() => child.kill('SIGKILL'), opts.graceMs ?? 300);
  }

  if (opts.signal?.aborted) kill();
  else opts.signal?.addEventListener('abort', kill, { once: true });

  return {
    pid: child.pid ?? -1,
    stdout: child.stdout,
    exited,
    kill,
    stderrLines: () =>
      stderrTail
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean),
  };
}

/** Runs a child to completion and returns its whole stdout (for ffprobe's small outputs). */
export async function runToString(
  binary: string,
  args: string[],
  opts: StartChildOptions = {},
): Promise<{ stdout: string; exit: ChildExit; stderrLines: string[] }> {
  const run = startChild(binary, args, opts);
  const parts: Buffer[] = [];
  run.stdout.on('data', (part: Buffer) => parts.push(part));
  const exit = await run.exited;
  return { stdout: Buffer.concat(parts).toString('utf8'), exit, stderrLines: run.stderrLines() };
}
