import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../errors.ts';
import type { SnippetScores } from '../../shared/analysis/types.ts';
import type { ScoresRef } from './jobs.ts';

/**
 * Snippet scores of one job as bytes: "ALSCORES1\n", a uint32 (little-endian) header length,
 * the header as JSON ({classCount, snippetCount, labels, kind}), then the snippet centres as
 * float64 and the scores as float32, both little-endian and row-major. The same bytes travel
 * base64-encoded inside a job result (small arrays) or as `<jobId>.scores` in the results
 * folder (large ones), so Redis never holds megabytes of numbers.
 */
const MAGIC = new TextEncoder().encode('ALSCORES1\n');

interface Header {
  classCount: number;
  snippetCount: number;
  labels: string[];
  kind: SnippetScores['kind'];
}

export function encodeScoreBlob(scores: SnippetScores): Uint8Array {
  const snippetCount = scores.snippetCenterSec.length;
  const header: Header = {
    classCount: scores.classCount,
    snippetCount,
    labels: scores.labels,
    kind: scores.kind,
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  // The numbers start on an 8-byte boundary, so typed views over the buffer are aligned.
  const numbersAt = align8(MAGIC.length + 4 + headerBytes.length);
  const scoresAt = numbersAt + snippetCount * 8;
  const out = new Uint8Array(scoresAt + scores.scores.length * 4);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(MAGIC.length, headerBytes.length, true);
  out.set(headerBytes, MAGIC.length + 4);
  // `out` is a fresh buffer: offset 0, so both views are aligned (8 | numbersAt, 4 | scoresAt).
  requireLittleEndianHost();
  new Float64Array(out.buffer, numbersAt, snippetCount).set(scores.snippetCenterSec);
  new Float32Array(out.buffer, scoresAt, scores.scores.length).set(scores.scores);
  return out;
}

export function decodeScoreBlob(bytes: Uint8Array, where: string): SnippetScores {
  const bad = (why: string) =>
    new ActionlineError('BAD_FORMAT', `${where}: not an Actionline scores file (${why})`);
  if (bytes.length < MAGIC.length + 4 || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw bad('wrong signature');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  let header: Header;
  try {
    header = JSON.parse(
      new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength)),
    ) as Header;
  } catch {
    throw bad('unreadable header');
  }
  const { classCount, snippetCount } = header;
  const at = align8(MAGIC.length + 4 + headerLength);
  if (bytes.length !== at + snippetCount * 8 + snippetCount * classCount * 4) {
    throw bad(`${bytes.length} bytes do not hold ${snippetCount} × ${classCount} scores`);
  }
  requireLittleEndianHost();
  // The bytes may sit at any offset (a Buffer from Node's pool, a BLOB): slice() copies the
  // numbers into buffers of their own, aligned, that no later change to `bytes` reaches.
  const start = bytes.byteOffset + at;
  const scoresAt = start + snippetCount * 8;
  const snippetCenterSec = new Float64Array(bytes.buffer.slice(start, scoresAt));
  const scores = new Float32Array(
    bytes.buffer.slice(scoresAt, scoresAt + snippetCount * classCount * 4),
  );
  return { classCount, labels: header.labels, kind: header.kind, snippetCenterSec, scores };
}

/**
 * Typed arrays use the host's byte order and the file is little-endian; every platform
 * Actionline ships for (x64, arm64) is little-endian, so a big-endian host is refused.
 */
function requireLittleEndianHost(): void {
  if (new Uint8Array(Uint16Array.of(1).buffer)[0] !== 1) {
    throw new ActionlineError('BAD_FORMAT', 'scores files need a little-endian machine');
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Puts a job's scores where its result can point at them: inline when small, else a file in
 * the results folder named by the job id (written under a temporary name and renamed, so a
 * reader never sees half a file and a job done twice just rewrites the same bytes).
 */
export async function storeScores(
  scores: SnippetScores,
  jobId: string,
  opts: {
    resultsDir: string | null;
    inlineMaxBytes: number;
    /** The file's extension: `scores` for the plan's, `edges` for the edge refinement's. */
    kind?: 'scores' | 'edges';
  },
): Promise<ScoresRef> {
  const blob = encodeScoreBlob(scores);
  if (blob.length <= opts.inlineMaxBytes) {
    return { where: 'inline', bytes: blob.length, base64: Buffer.from(blob).toString('base64') };
  }
  if (opts.resultsDir === null) {
    return {
      where: 'omitted',
      bytes: blob.length,
      reason: `snippet scores (${blob.length} bytes) exceed the inline limit and the queue has no results folder (queue add --results-dir)`,
    };
  }
  const file = `${jobId}.${opts.kind ?? 'scores'}`;
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
 * Reads scores back from a job result. `resultsDir` is where this machine sees the results
 * folder (workers and the collecting machine may mount it at different paths).
 */
export async function loadScores(
  ref: ScoresRef,
  resultsDir: string | null,
  videoId: string,
): Promise<SnippetScores> {
  switch (ref.where) {
    case 'inline':
      return decodeScoreBlob(Buffer.from(ref.base64, 'base64'), `scores of "${videoId}"`);
    case 'omitted':
      throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}": ${ref.reason}`);
    case 'file': {
      if (resultsDir === null) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `video "${videoId}": its scores are in ${ref.file} in the results folder; pass --results-dir`,
        );
      }
      const file = path.join(resultsDir, ref.file);
      const bytes = await readFile(file).catch(() => null);
      if (bytes === null) {
        throw new ActionlineError('FILE_NOT_FOUND', `scores of "${videoId}" not found`, file);
      }
      if (sha256(bytes) !== ref.sha256) {
        throw new ActionlineError(
          'BAD_FORMAT',
          `scores of "${videoId}" do not match the job's checksum (changed or half-copied)`,
          file,
        );
      }
      return decodeScoreBlob(bytes, file);
    }
  }
}
