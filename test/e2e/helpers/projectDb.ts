import { DatabaseSync } from 'node:sqlite';

/** A segment row as the project file holds it (the store's own columns). */
export interface StoredSegment {
  id: number;
  video_id: string;
  start_sec: number;
  end_sec: number;
  label: string;
  provenance: string;
  annotator_id: number | null;
  source_segment_id: number | null;
}

/**
 * Reads the project file directly, read-only, while the app has it open: the spec checks
 * that what the screen shows is what the store holds.
 */
export function storedSegments(file: string, where = '1 = 1'): StoredSegment[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare(
        `SELECT id, video_id, start_sec, end_sec, label, provenance, annotator_id, source_segment_id
         FROM segments WHERE ${where} ORDER BY start_sec, end_sec, id`,
      )
      .all() as unknown as StoredSegment[];
  } finally {
    db.close();
  }
}

/** A shared prediction of a model run with its score (the store's columns). */
export interface StoredPrediction {
  id: number;
  video_id: string;
  start_sec: number;
  end_sec: number;
  label: string;
  score: number;
  run_id: number;
  /** 1 once an annotator has decided on it (accepted, edited, rejected). */
  decided: number;
}

/**
 * The model's own output as the project file holds it: the shared predicted rows of one
 * product (`ranked`: the detections that mAP is computed on; `suggested`: the labelling the
 * editor shows), whatever annotators later decided about them.
 */
export function storedPredictions(
  file: string,
  product: 'ranked' | 'suggested',
): StoredPrediction[] {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db
      .prepare(
        `SELECT id, video_id, start_sec, end_sec, label, score, run_id,
           EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = s.id) AS decided
         FROM segments s
         WHERE annotator_id IS NULL AND provenance = 'predicted' AND product = ? AND score IS NOT NULL
         ORDER BY video_id, start_sec, end_sec, id`,
      )
      .all(product) as unknown as StoredPrediction[];
  } finally {
    db.close();
  }
}
