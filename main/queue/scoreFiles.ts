import { ActionlineError } from '../base/errors.ts';
import type { SnippetScores } from '../../shared/analysis/types.ts';
import type { ScoresRef } from './jobs.ts';
import { frameBlob, placeBlob, readBlob, unframeBlob } from './resultBlobs.ts';

/**
 * Snippet scores of one job as bytes (resultBlobs.ts): "ALSCORES1\n", the header
 * ({classCount, snippetCount, labels, kind}), then the snippet centres as float64 and the
 * scores as float32, row-major. Inline in the job result or `<jobId>.scores` (`.edges` for the
 * edge refinement's) in the results folder.
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
  const { out, numbersAt } = frameBlob(MAGIC, header, snippetCount * 8 + scores.scores.length * 4);
  const scoresAt = numbersAt + snippetCount * 8;
  // `out` is a fresh buffer: offset 0, so both views are aligned (8 | numbersAt, 4 | scoresAt).
  new Float64Array(out.buffer, numbersAt, snippetCount).set(scores.snippetCenterSec);
  new Float32Array(out.buffer, scoresAt, scores.scores.length).set(scores.scores);
  return out;
}

export function decodeScoreBlob(bytes: Uint8Array, where: string): SnippetScores {
  const bad = (why: string) =>
    new ActionlineError('BAD_FORMAT', `${where}: not an Actionline scores file (${why})`);
  const { header, numbersAt: at } = unframeBlob<Header>(bytes, MAGIC, bad);
  const { classCount, snippetCount } = header;
  if (bytes.length !== at + snippetCount * 8 + snippetCount * classCount * 4) {
    throw bad(`${bytes.length} bytes do not hold ${snippetCount} × ${classCount} scores`);
  }
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

/** Puts a job's scores where its result can point at them (resultBlobs.ts placeBlob). */
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
  return placeBlob(encodeScoreBlob(scores), jobId, opts.kind ?? 'scores', opts);
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
  const { bytes, where } = await readBlob(ref, resultsDir, videoId, 'scores');
  return decodeScoreBlob(bytes, where);
}
