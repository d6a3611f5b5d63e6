import type { DatabaseSync } from 'node:sqlite';
import type {
  ScoredSegment,
  SnippetFeatures,
  SnippetScores,
  VideoLabel,
} from '../../shared/analysis/types.ts';
import { joinSameLabel } from '../analysis/joinSameLabel.ts';
import { ActionlineError } from '../base/errors.ts';
import { mapLabel, mapSegments, mapVideoLabels } from './classMapping.ts';
import { createRun, replacePredictions, storeSnippetScores, type NewRun } from './runs.ts';
import type { ScoreDtype } from './scoreBlobs.ts';
import { deleteSnippetFeatures, storeSnippetFeatures } from './snippetFeatures.ts';
import { inTransaction } from './transaction.ts';
import { requireVideo } from './videos.ts';

/**
 * Stores what the engine produced for a run: every stream's snippet scores as binary (so the
 * run can be re-derived later without the model), the backbone's features where it has them,
 * and the predictions, through the project's class mapping of the run's model.
 */

export interface RunVideoResult {
  videoId: string;
  /** Snippet scores per stream name; every stream of the run. */
  scores: Readonly<Record<string, SnippetScores>>;
  /** Derived with the model's class names; mapped here. */
  segments: readonly ScoredSegment[];
  labels: readonly VideoLabel[];
  /** The suggested labelling, with the model's class names (absent: none). */
  suggestions?: readonly ScoredSegment[];
  /** Per stream, the per-frame scores the suggestions' edges were refined with. */
  edgeScores?: Readonly<Record<string, SnippetScores>>;
  /** The model's per-snippet features, in the scores' snippet order (absent: none kept). */
  features?: SnippetFeatures;
}

export interface StoreOptions {
  /** float32 keeps scores exact; float16 halves the size (~3 significant digits). */
  dtype?: ScoreDtype;
  /** Features: float16 by default (2 KB a snippet at 1024 values). */
  featuresDtype?: ScoreDtype;
}

export interface StoredCounts {
  videos: number;
  /** Ranked predicted segments written (after the mapping dropped unmapped classes). */
  segments: number;
  /** Suggested segments written. */
  suggestions: number;
  videoLabels: number;
  /** Earlier predictions of the run kept because an annotator had decided on them. */
  keptPredictions: number;
}

/** Creates the run and stores every video, in one transaction: a run is there whole or not at all. */
export function storeRun(
  db: DatabaseSync,
  run: NewRun,
  videos: readonly RunVideoResult[],
  options: StoreOptions = {},
): { runId: number } & StoredCounts {
  return inTransaction(db, () => {
    const runId = createRun(db, run);
    const counts = emptyCounts();
    for (const video of videos) addCounts(counts, storeRunVideo(db, runId, video, options));
    return { runId, ...counts };
  });
}

/**
 * Stores one video of an existing run (the engine calls this as each video finishes, so a
 * long run keeps what it has done). Replaces the video's earlier scores, features and
 * untouched predictions of this run.
 */
export function storeRunVideo(
  db: DatabaseSync,
  runId: number,
  video: RunVideoResult,
  options: StoreOptions = {},
): StoredCounts {
  return inTransaction(db, () => {
    requireVideo(db, video.videoId);
    const { modelId, streams } = runStreams(db, runId);
    for (const [stream, labels] of streams) {
      const scores = video.scores[stream];
      if (!scores) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `run ${runId}: no "${stream}" scores for video "${video.videoId}"`,
        );
      }
      checkLabels(scores, labels, runId, stream, video.videoId);
      storeSnippetScores(db, runId, stream, video.videoId, scores, options.dtype ?? 'float32');
    }
    for (const stream of Object.keys(video.scores)) {
      if (!streams.has(stream)) {
        throw new ActionlineError('BAD_ARGUMENT', `run ${runId} has no stream "${stream}"`);
      }
    }
    db.prepare('DELETE FROM edge_scores WHERE run_id = ? AND video_id = ?').run(
      runId,
      video.videoId,
    );
    for (const [stream, scores] of Object.entries(video.edgeScores ?? {})) {
      const labels = streams.get(stream);
      if (!labels)
        throw new ActionlineError('BAD_ARGUMENT', `run ${runId} has no stream "${stream}"`);
      checkLabels(scores, labels, runId, stream, video.videoId);
      const dtype = options.dtype ?? 'float32';
      storeSnippetScores(db, runId, stream, video.videoId, scores, dtype, 'edge_scores');
    }
    deleteSnippetFeatures(db, runId, video.videoId);
    if (video.features) {
      const dtype = options.featuresDtype ?? 'float16';
      storeSnippetFeatures(db, runId, video.videoId, video.features, dtype);
    }
    const map = mapLabel(db, modelId);
    const segments = mapSegments(video.segments, map);
    const labels = mapVideoLabels(video.labels, map);
    const suggestions = joinSameLabel(mapSegments(video.suggestions ?? [], map));
    const { kept } = replacePredictions(db, runId, video.videoId, segments, labels, suggestions);
    return {
      videos: 1,
      segments: segments.length,
      suggestions: suggestions.length,
      videoLabels: labels.length,
      keptPredictions: kept,
    };
  });
}

/** The run's model and its streams' class names (model output order). */
function runStreams(
  db: DatabaseSync,
  runId: number,
): { modelId: string; streams: Map<string, string[]> } {
  const run = db.prepare('SELECT model_id FROM model_runs WHERE id = ?').get(runId) as
    { model_id: string } | undefined;
  if (!run) throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
  const rows = db
    .prepare('SELECT stream, labels_json FROM run_streams WHERE run_id = ? ORDER BY rowid')
    .all(runId) as { stream: string; labels_json: string }[];
  const streams = new Map(rows.map((r) => [r.stream, JSON.parse(r.labels_json) as string[]]));
  return { modelId: run.model_id, streams };
}

/**
 * The stored blob carries no class names (readSnippetScores takes them from run_streams), so
 * scores in another class order would be read back under the wrong names: refuse them.
 */
function checkLabels(
  scores: SnippetScores,
  labels: readonly string[],
  runId: number,
  stream: string,
  videoId: string,
): void {
  const same =
    scores.classCount === labels.length &&
    scores.labels.length === labels.length &&
    scores.labels.every((l, i) => l === labels[i]);
  if (!same) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}, stream "${stream}", video "${videoId}": the scores' classes differ from the stream's ${labels.length} classes`,
    );
  }
}

function emptyCounts(): StoredCounts {
  return { videos: 0, segments: 0, suggestions: 0, videoLabels: 0, keptPredictions: 0 };
}

function addCounts(total: StoredCounts, more: StoredCounts): void {
  total.videos += more.videos;
  total.segments += more.segments;
  total.suggestions += more.suggestions;
  total.videoLabels += more.videoLabels;
  total.keptPredictions += more.keptPredictions;
}
