import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment } from '../../shared/analysis/types.ts';
import {
  checkDerivation,
  defaultDerivation,
  mergeDerivation,
  type DerivationOverrides,
  type DerivationParams,
} from '../analysis/derivation.ts';
import { temporalIou } from '../analysis/nms.ts';
import { ActionlineError } from '../base/errors.ts';
import { mapLabel } from './classMapping.ts';
import { listRuns, replacePredictions, type RunRecord } from './runs.ts';
import { deriveStoredVideo, scoredVideos } from './storedDerivation.ts';
import { inTransaction } from './transaction.ts';

/**
 * Re-deriving a run's predictions from its stored snippet scores with new parameters
 * (thresholds, NMS, windows, class mapping) without running the model again. Predictions an
 * annotator has decided on, and the annotators' own segments, are kept as they are; the
 * other predictions of the run are replaced.
 *
 * The derivation itself is main/analysis/derivation.ts; this module reads and writes.
 *
 * The run keeps its id: annotators' segments point at its predictions (run_id,
 * source_segment_id), and the kept predictions and the new ones stay one run for export and
 * evaluation. The parameters now in force are written to params_json.derivation.
 */

export interface RederiveCounts {
  videos: number;
  /** New ranked detections written. */
  inserted: number;
  /** New suggestions written. */
  suggestions: number;
  /** Predictions kept because an annotator had reviewed them. */
  kept: number;
  /** Untouched predictions replaced. */
  removed: number;
  /** New segments left out because a kept prediction already covers them (see below). */
  suppressed: number;
  videoLabels: number;
  params: DerivationParams;
}

export function rederiveRun(
  db: DatabaseSync,
  runId: number,
  overrides: DerivationOverrides = {},
): RederiveCounts {
  const run = listRuns(db).find((r) => r.id === runId);
  if (!run) throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
  const params = mergeDerivation(derivationOf(run), overrides);
  checkDerivation(params);
  const map = mapLabel(db, run.modelId);

  // Derive everything before writing: a bad parameter or a broken score blob fails the
  // whole re-derivation before anything changed, and the write lock is then held only for
  // the short write below, not for the analysis (annotators keep editing meanwhile).
  const derived = scoredVideos(db, runId).map((video) =>
    deriveStoredVideo(db, run, params, video, map),
  );

  return inTransaction(db, () => {
    const counts: RederiveCounts = {
      videos: 0,
      inserted: 0,
      suggestions: 0,
      kept: 0,
      removed: 0,
      suppressed: 0,
      videoLabels: 0,
      params,
    };
    const countPredictions = db.prepare(
      'SELECT count(*) AS n FROM segments WHERE run_id = ? AND video_id = ? AND annotator_id IS NULL',
    );
    for (const video of derived) {
      const before = Number((countPredictions.get(runId, video.videoId) as { n: number }).n);
      const reviewed = reviewedPredictions(db, runId, video.videoId);
      const fresh = withoutKeptDuplicates(
        video.segments,
        reviewed.filter((r) => r.product !== 'suggested'),
        params.detection.nmsTiou,
      );
      // Suggestions never overlap within a label: any overlap with a kept one is the same action.
      const freshSuggestions = withoutKeptDuplicates(
        video.suggestions,
        reviewed.filter((r) => r.product === 'suggested'),
        0,
      );
      counts.suppressed +=
        video.segments.length - fresh.length + video.suggestions.length - freshSuggestions.length;
      const { kept, inserted, insertedSuggestions } = replacePredictions(
        db,
        runId,
        video.videoId,
        fresh,
        video.labels,
        freshSuggestions,
      );
      counts.videos++;
      counts.inserted += inserted;
      counts.suggestions += insertedSuggestions;
      counts.kept += kept;
      counts.removed += before - kept;
      counts.videoLabels += video.labels.length;
    }
    const stored = { ...run.params, derivation: params, derivedAt: new Date().toISOString() };
    db.prepare('UPDATE model_runs SET params_json = ? WHERE id = ?').run(
      JSON.stringify(stored),
      runId,
    );
    return counts;
  });
}

/** What a run was derived with: its stored parameters over the defaults of its task. */
export function derivationOf(run: RunRecord): DerivationParams {
  return mergeDerivation(defaultParams(run), storedOverrides(run));
}

function defaultParams(run: RunRecord): DerivationParams {
  return defaultDerivation(run.task === 'classification' ? 'classification' : 'detection');
}

/** What the run was derived with, as far as params_json says (older runs say nothing). */
function storedOverrides(run: RunRecord): DerivationOverrides {
  const stored = run.params.derivation;
  return stored !== null && typeof stored === 'object' ? (stored as DerivationOverrides) : {};
}

/**
 * The predictions replacePredictions keeps (an annotator reviewed them, or a segment was
 * made from them). Same condition as there, read before it runs.
 */
function reviewedPredictions(
  db: DatabaseSync,
  runId: number,
  videoId: string,
): (ScoredSegment & { product: string | null })[] {
  return db
    .prepare(
      `SELECT start_sec AS startSec, end_sec AS endSec, label, coalesce(score, 0) AS score,
         product
       FROM segments p WHERE p.run_id = ? AND p.video_id = ? AND p.annotator_id IS NULL
       AND (EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = p.id)
         OR EXISTS (SELECT 1 FROM segments d WHERE d.source_segment_id = p.id))`,
    )
    .all(runId, videoId) as unknown as (ScoredSegment & { product: string | null })[];
}

/**
 * A kept prediction counts as already chosen: a new segment of the same label overlapping it
 * by more than the NMS tIoU is left out, as NMS would have. Without this an annotator who had
 * accepted a segment would find the same segment again, undecided, after every re-derive.
 */
function withoutKeptDuplicates(
  segments: readonly ScoredSegment[],
  kept: readonly ScoredSegment[],
  tiou: number,
): ScoredSegment[] {
  return segments.filter(
    (s) =>
      !kept.some(
        (k) =>
          k.label === s.label && temporalIou(s.startSec, s.endSec, k.startSec, k.endSec) > tiou,
      ),
  );
}
