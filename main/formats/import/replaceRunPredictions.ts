import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment, VideoLabel } from '../../../shared/analysis/types.ts';
import type { SegmentProduct } from '../../../shared/project/types.ts';
import { predictionInserter } from '../../project/runs.ts';

export interface VideoPredictions {
  videoId: string;
  segments: ScoredSegment[];
  labels: VideoLabel[];
}

/**
 * Replaces all of a run's predictions at once, with the meaning of replacePredictions
 * (runs.ts) applied to every video of the run: shared predictions nobody has decided on are
 * deleted, decided ones are kept, predicted video labels are replaced. Done per run rather
 * than per video because the per-video delete scans the run's rows through the run index,
 * which makes a 5 000-video proposals file (500 000 rows) quadratic: minutes instead of
 * seconds. The segments become `product` (the ranked detections unless the file said it holds
 * the suggested labelling). Returns how many earlier rows were deleted.
 */
export function replaceRunPredictions(
  db: DatabaseSync,
  runId: number,
  videos: readonly VideoPredictions[],
  product: SegmentProduct = 'ranked',
): number {
  const deletedSegments = db
    .prepare(
      `DELETE FROM segments WHERE run_id = ? AND annotator_id IS NULL
       AND NOT EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = segments.id)
       AND NOT EXISTS (SELECT 1 FROM segments d WHERE d.source_segment_id = segments.id)`,
    )
    .run(runId).changes;
  const deletedLabels = db
    .prepare(`DELETE FROM video_labels WHERE run_id = ? AND kind = 'predicted'`)
    .run(runId).changes;
  const updatedAt = new Date().toISOString();
  const insertSegment = predictionInserter(db, runId);
  const insertLabel = db.prepare(
    `INSERT INTO video_labels (video_id, label, kind, score, run_id, updated_at)
     VALUES (?, ?, 'predicted', ?, ?, ?)`,
  );
  for (const { videoId, segments, labels } of videos) {
    for (const s of segments) insertSegment(videoId, s, product);
    for (const l of labels) insertLabel.run(videoId, l.label, l.score, runId, updatedAt);
  }
  return Number(deletedSegments) + Number(deletedLabels);
}
