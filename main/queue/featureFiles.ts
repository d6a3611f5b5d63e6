import { ActionlineError } from '../base/errors.ts';
import type { SnippetFeatures } from '../../shared/analysis/types.ts';
import type { ScoresRef } from './jobs.ts';
import { frameBlob, placeBlob, readBlob, unframeBlob } from './resultBlobs.ts';

/**
 * A job's per-snippet features as bytes (resultBlobs.ts): "ALFEATURES1\n", the header
 * ({dim, snippetCount}), then the values as float32, row-major [snippet][value]: exact in
 * transit, float16 in the project. At 1024 values a snippet they outgrow the inline limit
 * within a few snippets, so in practice they travel as `<jobId>.features` in the results
 * folder.
 */
const MAGIC = new TextEncoder().encode('ALFEATURES1\n');

interface Header {
  dim: number;
  snippetCount: number;
}

export function encodeFeatureBlob(features: SnippetFeatures): Uint8Array {
  const header: Header = { dim: features.dim, snippetCount: features.values.length / features.dim };
  const { out, numbersAt } = frameBlob(MAGIC, header, features.values.length * 4);
  new Float32Array(out.buffer, numbersAt, features.values.length).set(features.values);
  return out;
}

export function decodeFeatureBlob(bytes: Uint8Array, where: string): SnippetFeatures {
  const bad = (why: string) =>
    new ActionlineError('BAD_FORMAT', `${where}: not an Actionline features file (${why})`);
  const { header, numbersAt } = unframeBlob<Header>(bytes, MAGIC, bad);
  const { dim, snippetCount } = header;
  if (bytes.length !== numbersAt + snippetCount * dim * 4) {
    throw bad(`${bytes.length} bytes do not hold ${snippetCount} × ${dim} values`);
  }
  // slice(): an aligned copy of its own, whatever the offset of `bytes`.
  const start = bytes.byteOffset + numbersAt;
  return {
    dim,
    values: new Float32Array(bytes.buffer.slice(start, start + snippetCount * dim * 4)),
  };
}

/** Puts a job's features where its result can point at them (resultBlobs.ts placeBlob). */
export async function storeFeatures(
  features: SnippetFeatures,
  jobId: string,
  opts: { resultsDir: string | null; inlineMaxBytes: number },
): Promise<ScoresRef> {
  return placeBlob(encodeFeatureBlob(features), jobId, 'features', opts);
}

/** Reads features back from a job result (`resultsDir`: where this machine sees the folder). */
export async function loadFeatures(
  ref: ScoresRef,
  resultsDir: string | null,
  videoId: string,
): Promise<SnippetFeatures> {
  const { bytes, where } = await readBlob(ref, resultsDir, videoId, 'features');
  return decodeFeatureBlob(bytes, where);
}
