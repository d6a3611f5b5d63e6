import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';
import type { ScoresRef } from './jobs.ts';

/**
 * The numbers a job result carries (scores, edge scores, features) as bytes, and where they
 * go. A blob is a signature line, a uint32 (little-endian) header length, the header as JSON,
 * zero padding to 8 bytes, then the numbers, little-endian. It travels base64-encoded inside
 * the job result (small) or as `<jobId>.<kind>` in the results folder (large), so Redis never
 * holds megabytes of numbers.
 */

/** What a blob holds: its file extension, and the word messages use. */
export type BlobKind = 'scores' | 'edges' | 'features';

/** A blob with room for `numbersBytes` after the header; the numbers start at `numbersAt`. */
export function frameBlob(
  magic: Uint8Array,
  header: unknown,
  numbersBytes: number,
): { out: Uint8Array; numbersAt: number } {
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  // The numbers start on an 8-byte boundary, so typed views over the buffer are aligned.
  const numbersAt = align8(magic.length + 4 + headerBytes.length);
  const out = new Uint8Array(numbersAt + numbersBytes);
  out.set(magic, 0);
  new DataView(out.buffer).setUint32(magic.length, headerBytes.length, true);
  out.set(headerBytes, magic.length + 4);
  requireLittleEndianHost();
  return { out, numbersAt };
}

/** The header of a framed blob and where its numbers start; `bad` words the refusal. */
export function unframeBlob<H>(
  bytes: Uint8Array,
  magic: Uint8Array,
  bad: (why: string) => Error,
): { header: H; numbersAt: number } {
  if (bytes.length < magic.length + 4 || !magic.every((b, i) => bytes[i] === b)) {
    throw bad('wrong signature');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(magic.length, true);
  let header: H;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(magic.length + 4, magic.length + 4 + headerLength)),
    ) as H;
  } catch {
    throw bad('unreadable header');
  }
  requireLittleEndianHost();
  return { header, numbersAt: align8(magic.length + 4 + headerLength) };
}

/**
 * Typed arrays use the host's byte order and the blobs are little-endian; every platform
 * Actionline ships for (x64, arm64) is little-endian, so a big-endian host is refused.
 */
function requireLittleEndianHost(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    throw new ActionlineError('BAD_FORMAT', 'queue result files need a little-endian machine');
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** What the messages call a blob of this kind. */
const WORDS: Record<BlobKind, string> = {
  scores: 'snippet scores',
  edges: 'snippet scores',
  features: 'features',
};

/**
 * Puts a blob where the job's result can point at it: inline when small, else a file in the
 * results folder named by the job id (written under a temporary name and renamed, so a
 * reader never sees half a file and a job done twice just rewrites the same bytes).
 */
export async function placeBlob(
  blob: Uint8Array,
  jobId: string,
  kind: BlobKind,
  opts: { resultsDir: string | null; inlineMaxBytes: number },
): Promise<ScoresRef> {
  if (blob.length <= opts.inlineMaxBytes) {
    return { where: 'inline', bytes: blob.length, base64: Buffer.from(blob).toString('base64') };
  }
  if (opts.resultsDir === null) {
    return {
      where: 'omitted',
      bytes: blob.length,
      reason: `${WORDS[kind]} (${blob.length} bytes) exceed the inline limit and the queue has no results folder (queue add --results-dir)`,
    };
  }
  const file = `${jobId}.${kind}`;
  await mkdir(opts.resultsDir, { recursive: true });
  const final = path.join(opts.resultsDir, file);
  const partial = `${final}.${process.pid}.${Date.now()}.partial`;
  try {
    await writeFile(partial, blob);
    await rename(partial, final);
  } finally {
    await rm(partial, { force: true });
  }
  return { where: 'file', file, bytes: blob.length, sha256: sha256(blob) };
}

/**
 * A blob's bytes back from a job result, and where they came from (for messages).
 * `resultsDir` is where this machine sees the results folder (workers and the collecting
 * machine may mount it at different paths).
 */
export async function readBlob(
  ref: ScoresRef,
  resultsDir: string | null,
  videoId: string,
  kind: BlobKind,
): Promise<{ bytes: Uint8Array; where: string }> {
  const what = kind === 'features' ? 'features' : 'scores';
  switch (ref.where) {
    case 'inline':
      return { bytes: Buffer.from(ref.base64, 'base64'), where: `${what} of "${videoId}"` };
    case 'omitted':
      throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}": ${ref.reason}`);
    case 'file': {
      if (resultsDir === null) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `video "${videoId}": its ${what} are in ${ref.file} in the results folder; pass --results-dir`,
        );
      }
      const file = path.join(resultsDir, ref.file);
      const bytes = await readFile(file).catch(() => null);
      if (bytes === null) {
        throw new ActionlineError('FILE_NOT_FOUND', `${what} of "${videoId}" not found`, file);
      }
      if (sha256(bytes) !== ref.sha256) {
        throw new ActionlineError(
          'BAD_FORMAT',
          `${what} of "${videoId}" do not match the job's checksum (changed or half-copied)`,
          file,
        );
      }
      return { bytes, where: file };
    }
  }
}
