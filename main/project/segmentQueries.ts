import type { DatabaseSync } from 'node:sqlite';
import { toSegment } from './rowMapping.ts';
import type { SegmentRecord } from './types.ts';

const SELECT = `SELECT s.*, a.name AS annotator_name FROM segments s
  LEFT JOIN annotators a ON a.id = s.annotator_id`;

/**
 * The segments of a video as one annotator sees them: their own segments, plus the shared
 * predictions they have not yet decided on. With `annotatorId` null: the predictions only.
 * Ordered by start time.
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
         NOT EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = s.id AND r.annotator_id = ?)))
       ORDER BY s.start_sec, s.id`,
    )
    .all(videoId, annotatorId, annotatorId)
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
