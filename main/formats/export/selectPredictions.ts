import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import type { VideoSelection } from './exportTypes.ts';
import { segmentWhere } from './segmentFilter.ts';
import { newestRunRows } from './newestRuns.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';

/**
 * The model's predicted segments (the shared rows with provenance 'predicted'), grouped by
 * video in id order, one run's per video. Annotators' decisions never change these rows (a
 * decision is a new row in the annotator's layer), so they are the model's output as it was,
 * whatever the review.
 */
export interface PredictionSelection extends VideoSelection {
  /** Only this run's predictions; default each video's newest run's (newestRuns.ts). */
  runId?: number;
  /** The ranked detections (default: what mAP and ActivityNet results want) or the suggestions. */
  product?: 'ranked' | 'suggested';
}

export interface VideoPredictions {
  videoId: string;
  /** The run the segments are of (null: predictions of no run). */
  runId: number | null;
  segments: ScoredSegment[];
}

export interface PredictionRows {
  videos: VideoPredictions[];
  warnings: string[];
  /** Without runId: videos whose predictions of older runs were left out. */
  olderLeftOut: number;
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
  // With runId every row is that run's, so the newest is the only one.
  const { videos: chosen, olderLeftOut } = newestRunRows(byVideo(rows), (row) => row[6]);
  const videos: VideoPredictions[] = [];
  let unscored = 0;
  for (const { videoId, runId, rows: kept } of chosen) {
    const segments: ScoredSegment[] = [];
    for (const [, startSec, endSec, label, , score] of kept) {
      if (score === null) unscored++;
      else segments.push({ startSec, endSec, label, score });
    }
    if (segments.length > 0) videos.push({ videoId, runId, segments });
  }
  const warnings: string[] = [];
  if (unscored > 0) warnings.push(`${unscored} prediction(s) without a score left out`);
  return { videos, warnings, olderLeftOut };
}

/** Rows of one video are contiguous (SEGMENT_ORDER); video ids are never empty. */
function* byVideo(rows: readonly Row[]): Generator<readonly [string, Row[]]> {
  let current: Row[] = [];
  for (const row of rows) {
    if (current.length > 0 && current[0]![0] !== row[0]) {
      yield [current[0]![0], current];
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) yield [current[0]![0], current];
}
