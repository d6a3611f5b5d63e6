import type { DatabaseSync } from 'node:sqlite';
import type { SnippetFeatures } from '../../shared/analysis/types.ts';
import { ActionlineError } from '../base/errors.ts';
import { decodeScores, encodeScores, float16Bits, type ScoreDtype } from './scoreBlobs.ts';

/**
 * A backbone's per-snippet features, one row per run and video (schema 5), row for row beside
 * the run's snippet scores of that video: what a head trained on reviewed videos reads
 * instead of decoding them again. float16 by default (2 bytes a value: 2 KB a snippet at 1024
 * values), in the scores' blob encoding.
 */

/** The largest finite float16: a video with a value past it is stored as float32 instead. */
const FLOAT16_MAX = 65504;

/** Stores (or replaces) a video's features; their snippets must be the run's scores' snippets. */
export function storeSnippetFeatures(
  db: DatabaseSync,
  runId: number,
  videoId: string,
  features: SnippetFeatures,
  dtype: ScoreDtype = 'float16',
): void {
  const { dim, values } = features;
  if (!Number.isInteger(dim) || dim <= 0 || values.length % dim !== 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}, video "${videoId}": ${values.length} feature values are not whole snippets of ${dim}`,
    );
  }
  const snippetCount = values.length / dim;
  const stored = storedSnippetCounts(db, runId, videoId);
  if (stored.length === 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}, video "${videoId}": no scores stored, so no snippets for its features`,
    );
  }
  if (stored.some((n) => n !== snippetCount)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}, video "${videoId}": ${snippetCount} snippets of features, but the run's scores have ${stored.join(' / ')} snippets`,
    );
  }
  // Infinity where float16 overflows would poison training: keep such a video exact.
  const kept =
    dtype === 'float16' && values.some((v) => Math.abs(v) > FLOAT16_MAX) ? 'float32' : dtype;
  db.prepare(
    `INSERT OR REPLACE INTO snippet_features (run_id, video_id, dtype, dim, snippet_count, features)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(runId, videoId, kept, dim, snippetCount, encodeScores(values, kept));
}

export function readSnippetFeatures(
  db: DatabaseSync,
  runId: number,
  videoId: string,
): SnippetFeatures | null {
  const row = db
    .prepare('SELECT dtype, dim, features FROM snippet_features WHERE run_id = ? AND video_id = ?')
    .get(runId, videoId) as { dtype: ScoreDtype; dim: number; features: Uint8Array } | undefined;
  if (!row) return null;
  return { dim: row.dim, values: decodeScores(row.features, row.dtype) };
}

/** A video's features as float16 bits, row-major [snippet][value]. */
export interface HalfFeatures {
  dim: number;
  snippetCount: number;
  half: Uint16Array;
  /** How the store keeps them: float32 rows (values past float16's range) are converted. */
  storedDtype: ScoreDtype;
}

/**
 * A video's features as float16 bits without decoding them (what training reads: half the
 * memory of float32): the stored bits as they are, or float32 ones rounded to nearest even.
 */
export function readSnippetFeaturesHalf(
  db: DatabaseSync,
  runId: number,
  videoId: string,
): HalfFeatures | null {
  const row = db
    .prepare(
      `SELECT dtype, dim, snippet_count, features FROM snippet_features
       WHERE run_id = ? AND video_id = ?`,
    )
    .get(runId, videoId) as
    { dtype: ScoreDtype; dim: number; snippet_count: number; features: Uint8Array } | undefined;
  if (!row) return null;
  const half =
    row.dtype === 'float16'
      ? new Uint16Array(Uint8Array.from(row.features).buffer)
      : float16Bits(decodeScores(row.features, 'float32'));
  return { dim: row.dim, snippetCount: row.snippet_count, half, storedDtype: row.dtype };
}

/** Removes a video's features of the run (a video scored again without them). */
export function deleteSnippetFeatures(db: DatabaseSync, runId: number, videoId: string): void {
  db.prepare('DELETE FROM snippet_features WHERE run_id = ? AND video_id = ?').run(runId, videoId);
}

/** The snippet count of each stream's stored scores of the video (equal for aligned streams). */
function storedSnippetCounts(db: DatabaseSync, runId: number, videoId: string): number[] {
  const rows = db
    .prepare(
      'SELECT DISTINCT snippet_count AS n FROM snippet_scores WHERE run_id = ? AND video_id = ?',
    )
    .all(runId, videoId) as { n: number }[];
  return rows.map((r) => r.n);
}
