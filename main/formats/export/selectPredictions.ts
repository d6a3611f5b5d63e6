import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import type { VideoSelection } from './exportTypes.ts';
import { segmentWhere } from './segmentFilter.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';

/**
 * The model's predicted segments (the shared rows with provenance 'predicted'), grouped by
 * video in id order. Annotators' decisions never change these rows (a decision is a new row
 * in the annotator's layer), so they are the model's output as it was, whatever the review.
 */
export interface PredictionSelection extends VideoSelection {
  /** Only this run's predictions; default every run's. */
  runId?: number;
  /** The ranked detections (default: what mAP and ActivityNet results want) or the suggestions. */
  product?: 'ranked' | 'suggested';
}

export interface VideoPredictions {
  videoId: string;
  segments: ScoredSegment[];
}

export interface PredictionRows {
  videos: VideoPredictions[];
  warnings: string[];
}

type Row = [
  videoId: string,
  startSec: number,
  endSec: number,
  label: string,
  id: number,
  score: number | null,
  runId: number | null,
];

export function selectPredictions(
  db: DatabaseSync,
  selection: PredictionSelection,
): PredictionRows {
  const where = segmentWhere({
    ...selection,
    product: selection.product ?? 'ranked',
    provenances: ['predicted'],
    layer: 'shared',
  });
  const statement = db.prepare(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, s.id, s.score, s.run_id FROM segments s ${where.sql} ${SEGMENT_ORDER}`,
  );
  statement.setReturnArrays(true);
  const rows = orderTies(statement.all(...where.params) as unknown as Row[]);
  const videos: VideoPredictions[] = [];
  let unscored = 0;
  let mixedRuns = 0;
  let current = { videoId: '', segments: [] } as VideoPredictions;
  let runs = new Set<number | null>();
  for (const [videoId, startSec, endSec, label, , score, runId] of rows) {
    // Rows of one video are contiguous (SEGMENT_ORDER); video ids are never empty.
    if (current.videoId !== videoId) {
      if (runs.size > 1) mixedRuns++;
      runs = new Set();
      current = { videoId, segments: [] };
      videos.push(current);
    }
    runs.add(runId);
    if (score === null) unscored++;
    else current.segments.push({ startSec, endSec, label, score });
  }
  if (runs.size > 1) mixedRuns++;
  const warnings: string[] = [];
  if (unscored > 0) warnings.push(`${unscored} prediction(s) without a score left out`);
  if (mixedRuns > 0) {
    warnings.push(
      `${mixedRuns} video(s) have predictions of several model runs, all written; choose one with --run <id>`,
    );
  }
  return { videos: videos.filter((v) => v.segments.length > 0), warnings };
}
