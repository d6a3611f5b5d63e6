import type { DatabaseSync } from 'node:sqlite';
import { toSegment } from './rowMapping.ts';
import type { SegmentRecord } from './types.ts';

const SELECT = `SELECT s.*, a.name AS annotator_name FROM segments s
  LEFT JOIN annotators a ON a.id = s.annotator_id`;

/**
 * A video's newest model run, the one whose predictions stand for it (as an export without a
 * run chosen takes each video's newest: formats/export/newestRuns.ts): the highest run id
 * with predicted segments of the video, or with its snippet scores (a run that scored the
 * video and suggested nothing is an answer too), classification runs aside. Two `?`: the video, twice.
 */
export const NEWEST_RUN_OF_VIDEO = `(SELECT max(run_id) FROM (
    SELECT run_id FROM segments WHERE video_id = ? AND annotator_id IS NULL AND run_id IS NOT NULL
    UNION ALL SELECT c.run_id FROM snippet_scores c JOIN model_runs m ON m.id = c.run_id
      WHERE c.video_id = ? AND m.task <> 'classification'))`;

/** The same for every video at once: rows (video_id, run_id), for a `WITH newest AS (…)`. */
export const NEWEST_RUN_PER_VIDEO = `SELECT video_id, max(run_id) AS run_id FROM (
    SELECT video_id, run_id FROM segments WHERE annotator_id IS NULL AND run_id IS NOT NULL
    UNION ALL SELECT c.video_id, c.run_id FROM snippet_scores c JOIN model_runs m ON m.id = c.run_id
      WHERE m.task <> 'classification')
  GROUP BY video_id`;

/**
 * The segments of a video as one annotator sees them: their own segments, plus the shared
 * predictions they have not yet decided on, of the video's newest run only (an earlier run's
 * suggestions, e.g. the backbone's before a head re-derived the video, are not reviewed
 * beside it). With `annotatorId` null: every run's predictions. Ordered by start time.
 */
export function segmentsInLayer(
  db: DatabaseSync,
  videoId: string,
  annotatorId: number | null,
): SegmentRecord[] {
  if (annotatorId === null) {
    return db
      .prepare(
        `${SELECT} WHERE s.video_id = ? AND s.annotator_id IS NULL ORDER BY s.start_sec, s.id`,
      )
      .all(videoId)
      .map(toSegment);
  }
  return db
    .prepare(
      `${SELECT} WHERE s.video_id = ? AND (s.annotator_id = ? OR (s.annotator_id IS NULL AND
         NOT EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = s.id AND r.annotator_id = ?)
         AND (s.run_id IS NULL OR s.run_id = ${NEWEST_RUN_OF_VIDEO})))
       ORDER BY s.start_sec, s.id`,
    )
    .all(videoId, annotatorId, annotatorId, videoId, videoId)
    .map(toSegment);
}

/** Every segment of a video, all annotators and predictions. */
export function allSegments(db: DatabaseSync, videoId: string): SegmentRecord[] {
  return db
    .prepare(`${SELECT} WHERE s.video_id = ? ORDER BY s.start_sec, s.id`)
    .all(videoId)
    .map(toSegment);
}

export function getSegment(db: DatabaseSync, id: number): SegmentRecord | null {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id);
  return row ? toSegment(row) : null;
}
