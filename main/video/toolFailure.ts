import { ActionlineError } from '../base/errors.ts';
import type { ChildExit } from './childProcess.ts';

/**
 * The user-facing error for an ffmpeg/ffprobe run that failed: CANCELLED when our signal
 * stopped it, else BAD_VIDEO with the tool's own last words (one line, file named once).
 */
export function toolFailure(
  tool: 'ffmpeg' | 'ffprobe',
  filePath: string,
  exit: ChildExit,
  stderrLines: string[],
  signal?: AbortSignal,
): ActionlineError {
  if (signal?.aborted) return new ActionlineError('CANCELLED', `${tool} cancelled`, filePath);
  if (exit.spawnError) {
    return new ActionlineError(
      'INTERNAL',
      `cannot run ${tool}: ${exit.spawnError.message}`,
      filePath,
    );
  }
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.exitCode}`;
  const reason = describeStderr(filePath, stderrLines) || how;
  return new ActionlineError(
    'BAD_VIDEO',
    `${filePath}: not a readable video (${tool}: ${reason})`,
    filePath,
  );
}

/**
 * The last two distinct stderr lines, without the file path or `[demuxer @ 0x…]` prefixes:
 * ffprobe says "moov atom not found" and then the generic "Invalid data found…".
 */
export function describeStderr(filePath: string, stderrLines: string[]): string {
  const cleaned = stderrLines
    .map((line) =>
      line
        .replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/i, '')
        .replaceAll(`${filePath}: `, '')
        .replaceAll(filePath, 'input')
        .trim(),
    )
    .filter(Boolean);
  const distinct = cleaned.filter((line, i) => cleaned.indexOf(line) === i);
  return distinct.slice(-2).join('; ');
}

// What demuxers say when the data stops before the stream does (mov, matroska, generic).
const ENDED_EARLY = /partial file|ended prematurely|read error|truncat|end of file/i;

/** True when a tool's stderr says the file ended before its stream did (a cut-short copy). */
export function saysEndedEarly(stderrLines: readonly string[]): boolean {
  return stderrLines.some((line) => ENDED_EARLY.test(line));
}
