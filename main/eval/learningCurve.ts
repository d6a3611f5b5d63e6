import type { DatabaseSync } from 'node:sqlite';
import type { HeadCurvePoint, LearningCurveView } from '../../shared/eval/learningCurve.ts';
import { listHeads } from '../project/heads.ts';
import { reviewCostSeries, type ReviewedVideo } from './reviewCostSeries.ts';

/**
 * The project's learning curve (shared/eval/learningCurve.ts): its heads' held-out accuracy
 * and mAP against the reviewed videos each learnt from, and the annotator's review cost per
 * reviewed video in the order they were marked reviewed (the edit log's time of the latest
 * "mark reviewed" still done; any annotator's, as the status is the video's).
 */
export function learningCurve(
  db: DatabaseSync,
  annotator: { id: number; name: string },
): LearningCurveView {
  const heads: HeadCurvePoint[] = listHeads(db)
    .map((h) => ({
      name: h.name,
      createdAt: h.createdAt,
      reviewedVideos: h.training.videos.length,
      accuracy: h.metrics.accuracy,
      heldOutMap: h.metrics.heldOutMap ?? null,
    }))
    .sort((a, b) => a.reviewedVideos - b.reviewedVideos || a.createdAt.localeCompare(b.createdAt));
  const rows = db
    .prepare(
      `SELECT v.id, v.position, v.duration_sec,
         (SELECT max(e.created_at) FROM edits e WHERE e.video_id = v.id
            AND e.action = 'mark reviewed' AND e.state = 'done') AS reviewed_at,
         coalesce(a.actions, 0) AS actions, coalesce(a.active_ms, 0) AS active_ms
       FROM videos v
       LEFT JOIN review_activity a ON a.video_id = v.id AND a.annotator_id = ?
       WHERE v.review_status = 'reviewed'`,
    )
    .all(annotator.id) as {
    id: string;
    position: number;
    duration_sec: number | null;
    reviewed_at: string | null;
    actions: number;
    active_ms: number;
  }[];
  const reviewed: ReviewedVideo[] = rows.map((r) => ({
    videoId: r.id,
    position: r.position,
    reviewedAt: r.reviewed_at,
    durationSec: r.duration_sec,
    actions: r.actions,
    activeMs: r.active_ms,
  }));
  return { heads, reviews: reviewCostSeries(reviewed), annotator: annotator.name };
}
