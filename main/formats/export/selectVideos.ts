import type { DatabaseSync } from 'node:sqlite';
import { missingSubsetOf, type VideoSelection } from './exportTypes.ts';

/** The video fields that export files carry, for the selected videos, ordered by id (code points, as SQLite compares text). */
export interface ExportVideo {
  id: string;
  /** Null when the project has none; the caller decides what to write. */
  subset: string | null;
  durationSec: number | null;
  resolution: string | null;
  url: string | null;
}

export function selectVideos(db: DatabaseSync, selection: VideoSelection): ExportVideo[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(
      `SELECT id, subset, duration_sec AS durationSec, resolution, url FROM videos ${where} ORDER BY id`,
    )
    .all(...params) as unknown as ExportVideo[];
}
