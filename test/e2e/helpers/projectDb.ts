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
