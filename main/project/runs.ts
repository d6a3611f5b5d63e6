import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import { ActionlineError } from '../base/errors.ts';
import {
  decodeFloat64,
  decodeScores,
  encodeFloat64,
  encodeScores,
  type ScoreDtype,
} from './scoreBlobs.ts';

export interface RunStream {
  stream: string;
  modelId: string;
  /** Fusion weight of this stream's logits. */
  weight: number;
  /** Class names in model output order. */
  labels: string[];
}

export interface NewRun {
  modelId: string;
  modelVersion?: string;
  task?: 'detection' | 'classification' | 'proposals';
  params?: Record<string, unknown>;
  /** 'engine', or the name of the results file it was imported from. */
  source?: string;
  streams: RunStream[];
}

export interface RunRecord {
  id: number;
  modelId: string;
  modelVersion: string;
  task: string;
  params: Record<string, unknown>;
  source: string;
  createdAt: string;
  streams: RunStream[];
}

export function createRun(db: DatabaseSync, run: NewRun): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO model_runs (model_id, model_version, task, params_json, source, created_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.modelId,
      run.modelVersion ?? '',
      run.task ?? 'detection',
      JSON.stringify(run.params ?? {}),
      run.source ?? 'engine',
      new Date().toISOString(),
    );
  const runId = Number(lastInsertRowid);
  const insert = db.prepare(
    'INSERT INTO run_streams (run_id, stream, model_id, weight, labels_json) VALUES (?, ?, ?, ?, ?)',
  );
  for (const s of run.streams)
    insert.run(runId, s.stream, s.modelId, s.weight, JSON.stringify(s.labels));
  return runId;
}

export function listRuns(db: DatabaseSync): RunRecord[] {
  const runs = db.prepare('SELECT * FROM model_runs ORDER BY id').all() as Record<
    string,
    unknown
  >[];
  const streams = db.prepare('SELECT * FROM run_streams WHERE run_id = ? ORDER BY rowid');
  return runs.map((r) => ({
    id: r.id as number,
    modelId: r.model_id as string,
    modelVersion: r.model_version as string,
    task: r.task as string,
    params: JSON.parse(r.params_json as string) as Record<string, unknown>,
    source: r.source as string,
    createdAt: r.created_at as string,
    streams: (streams.all(r.id as number) as Record<string, unknown>[]).map((s) => ({
      stream: s.stream as string,
      modelId: s.model_id as string,
      weight: s.weight as number,
      labels: JSON.parse(s.labels_json as string) as string[],
    })),
  }));
}

/**
 * Where scores are kept: the plan's snippets, or the per-frame snippets near the suggestions'
 * edges (the edge refinement's); both tables have the same columns.
 */
export type ScoreTable = 'snippet_scores' | 'edge_scores';

/** Stores (or replaces) one stream's snippet scores for a video, as binary. */
export function storeSnippetScores(
  db: DatabaseSync,
  runId: number,
  stream: string,
  videoId: string,
  scores: SnippetScores,
  dtype: ScoreDtype = 'float32',
  table: ScoreTable = 'snippet_scores',
): void {
  const snippetCount = scores.snippetCenterSec.length;
  if (scores.scores.length !== snippetCount * scores.classCount) {
    throw new ActionlineError(
      'INTERNAL',
      `scores of "${videoId}" hold ${scores.scores.length} values, expected ${snippetCount} × ${scores.classCount}`,
    );
  }
  db.prepare(
    `INSERT OR REPLACE INTO ${table}
       (run_id, stream, video_id, score_kind, dtype, class_count, snippet_count, centers_sec, scores)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    stream,
    videoId,
    scores.kind,
    dtype,
    scores.classCount,
    snippetCount,
    encodeFloat64(scores.snippetCenterSec),
    encodeScores(scores.scores, dtype),
  );
}

/** The videos a run has stored snippet scores for (what `run --resume` need not score again). */
export function videosScoredByRun(db: DatabaseSync, runId: number): Set<string> {
  const rows = db
    .prepare('SELECT DISTINCT video_id FROM snippet_scores WHERE run_id = ?')
    .all(runId) as { video_id: string }[];
  return new Set(rows.map((r) => r.video_id));
}

export function readSnippetScores(
  db: DatabaseSync,
  runId: number,
  stream: string,
  videoId: string,
  table: ScoreTable = 'snippet_scores',
): SnippetScores | null {
  const row = db
    .prepare(
      `SELECT s.*, r.labels_json FROM ${table} s
       JOIN run_streams r ON r.run_id = s.run_id AND r.stream = s.stream
       WHERE s.run_id = ? AND s.stream = ? AND s.video_id = ?`,
    )
    .get(runId, stream, videoId) as Record<string, unknown> | undefined;
  if (!row) return null;
  return {
    classCount: row.class_count as number,
    labels: JSON.parse(row.labels_json as string) as string[],
    snippetCenterSec: decodeFloat64(row.centers_sec as Uint8Array),
    scores: decodeScores(row.scores as Uint8Array, row.dtype as ScoreDtype),
    kind: row.score_kind as SnippetScores['kind'],
  };
}

/**
 * Writes shared predictions of a run (provenance 'predicted', the original label and score
 * kept beside them for when an annotator changes them), one product or the other.
 */
export function predictionInserter(
  db: DatabaseSync,
  runId: number,
): (videoId: string, s: ScoredSegment, product: 'ranked' | 'suggested') => void {
  const updatedAt = new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO segments (video_id, start_sec, end_sec, label, score, provenance, run_id,
       original_label, original_score, updated_at, product)
     VALUES (?, ?, ?, ?, ?, 'predicted', ?, ?, ?, ?, ?)`,
  );
  return (videoId, s, product) =>
    void insert.run(
      videoId,
      s.startSec,
      s.endSec,
      s.label,
      s.score,
      runId,
      s.label,
      s.score,
      updatedAt,
      product,
    );
}

/**
 * Replaces the run's predictions for a video (both products: the ranked `segments` and the
 * `suggestions`, and the video-level labels) with new ones, keeping every prediction an
 * annotator has already decided on.
 */
export function replacePredictions(
  db: DatabaseSync,
  runId: number,
  videoId: string,
  segments: readonly ScoredSegment[],
  videoLabels: readonly VideoLabel[],
  suggestions: readonly ScoredSegment[] = [],
): { kept: number; inserted: number; insertedSuggestions: number } {
  db.prepare(
    `DELETE FROM segments WHERE run_id = ? AND video_id = ? AND annotator_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = segments.id)
       AND NOT EXISTS (SELECT 1 FROM segments d WHERE d.source_segment_id = segments.id)`,
  ).run(runId, videoId);
  const total = db
    .prepare(
      'SELECT count(*) AS n FROM segments WHERE run_id = ? AND video_id = ? AND annotator_id IS NULL',
    )
    .get(runId, videoId) as { n: number };
  const updatedAt = new Date().toISOString();
  const insert = predictionInserter(db, runId);
  for (const s of segments) insert(videoId, s, 'ranked');
  for (const s of suggestions) insert(videoId, s, 'suggested');
  db.prepare(
    `DELETE FROM video_labels WHERE run_id = ? AND video_id = ? AND kind = 'predicted'`,
  ).run(runId, videoId);
  const insertLabel = db.prepare(
    `INSERT INTO video_labels (video_id, label, kind, score, run_id, updated_at)
     VALUES (?, ?, 'predicted', ?, ?, ?)`,
  );
  for (const l of videoLabels) insertLabel.run(videoId, l.label, l.score, runId, updatedAt);
  return {
    kept: Number(total.n),
    inserted: segments.length,
    insertedSuggestions: suggestions.length,
  };
}

/** The run's snippet centres of the video, from its first stream with scores there. */
export function snippetCentres(
  db: DatabaseSync,
  runId: number,
  videoId: string,
): Float64Array | null {
  const streams = db
    .prepare('SELECT stream FROM run_streams WHERE run_id = ? ORDER BY rowid')
    .all(runId) as { stream: string }[];
  for (const { stream } of streams) {
    const scores = readSnippetScores(db, runId, stream, videoId);
    if (scores) return scores.snippetCenterSec;
  }
  return null;
}
