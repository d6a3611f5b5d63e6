import type { DatabaseSync } from 'node:sqlite';
import { csvText } from './csvField.ts';
import { missingSubsetOf, type ExportText, type VideoSelection } from './exportTypes.ts';
import { plainDecimal } from './numberText.ts';

/**
 * Review time as CSV (RFC 4180, as csvExport.ts writes): one row per video and annotator who
 * reviewed it, `video_id,annotator,active_sec,actions,segments,review_status,duration_sec`,
 * ordered by video id then annotator. What teams compare to see what pre-labelling saves on
 * their own footage: active seconds and actions per video, against its duration and the
 * segments the annotator's layer holds.
 */
export interface ReviewCsvOptions extends VideoSelection {
  annotatorId?: number;
}

export const REVIEW_CSV_HEADER =
  'video_id,annotator,active_sec,actions,segments,review_status,duration_sec';

export function reviewCsvText(db: DatabaseSync, options: ReviewCsvOptions = {}): ExportText {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (options.annotatorId !== undefined) {
    clauses.push('r.annotator_id = ?');
    params.push(options.annotatorId);
  }
  if (options.subset !== undefined) {
    clauses.push('coalesce(v.subset, ?) = ?');
    params.push(missingSubsetOf(options), options.subset);
  }
  const rows = db
    .prepare(
      `SELECT r.video_id, a.name, r.active_ms, r.actions, v.review_status, v.duration_sec,
         (SELECT count(*) FROM segments s WHERE s.video_id = r.video_id
            AND s.annotator_id = r.annotator_id AND s.provenance != 'rejected') AS segments
       FROM review_activity r
       JOIN videos v ON v.id = r.video_id JOIN annotators a ON a.id = r.annotator_id
       ${clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : ''}
       ORDER BY r.video_id, a.name`,
    )
    .all(...params) as {
    video_id: string;
    name: string;
    active_ms: number;
    actions: number;
    review_status: string;
    duration_sec: number | null;
    segments: number;
  }[];
  const lines = [`${REVIEW_CSV_HEADER}\r\n`];
  for (const r of rows) {
    const where = `review time of "${r.video_id}"`;
    const fields = [
      csvText(r.video_id),
      csvText(r.name),
      plainDecimal(r.active_ms / 1000, where),
      String(r.actions),
      String(r.segments),
      r.review_status,
      r.duration_sec === null ? '' : plainDecimal(r.duration_sec, where),
    ];
    lines.push(`${fields.join(',')}\r\n`);
  }
  return {
    text: lines.join(''),
    warnings: [],
    videoCount: new Set(rows.map((r) => r.video_id)).size,
    itemCount: rows.length,
  };
}
