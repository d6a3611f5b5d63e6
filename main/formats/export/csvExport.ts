import type { DatabaseSync } from 'node:sqlite';
import { PROVENANCES, type Provenance } from '../../project/types.ts';
import { csvText } from './csvField.ts';
import type { ExportText, VideoSelection } from './exportTypes.ts';
import { plainDecimal } from './numberText.ts';
import { segmentWhere } from './segmentFilter.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';

/**
 * Segments as CSV (RFC 4180: CRLF line ends, a header row, UTF-8 without a byte-order mark):
 * `video_id,start_sec,end_sec,label,score,provenance,annotator`, one row per segment row of
 * the project, ordered by video id, start, end, label, then row id. By default every row,
 * every provenance and layer (predictions included, annotator empty for them), so the file is
 * a full dump; `annotatorId` gives that annotator's layer as the timeline shows it.
 * Numbers are plain decimals with full float64 digits; a missing score is an empty field.
 */
export interface CsvOptions extends VideoSelection {
  annotatorId?: number;
  provenances?: readonly Provenance[];
}

export const CSV_HEADER = 'video_id,start_sec,end_sec,label,score,provenance,annotator';

type Row = [
  videoId: string,
  startSec: number,
  endSec: number,
  label: string,
  id: number,
  score: number | null,
  provenance: string,
  annotator: string | null,
];

export function csvExportText(db: DatabaseSync, options: CsvOptions = {}): ExportText {
  const where = segmentWhere({
    provenances: options.provenances ?? PROVENANCES,
    layer: options.annotatorId ?? 'all',
    subset: options.subset,
    missingSubset: options.missingSubset,
  });
  const statement = db.prepare(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, s.id, s.score, s.provenance, a.name
     FROM segments s LEFT JOIN annotators a ON a.id = s.annotator_id ${where.sql} ${SEGMENT_ORDER}`,
  );
  statement.setReturnArrays(true);
  const rows = orderTies(statement.all(...where.params) as unknown as Row[]);
  const lines: string[] = [`${CSV_HEADER}\r\n`];
  // Ids, labels and names repeat across rows: quote each distinct text once.
  const quoted = new Map<string, string>();
  const field = (text: string): string => {
    let q = quoted.get(text);
    if (q === undefined) quoted.set(text, (q = csvText(text)));
    return q;
  };
  let videoCount = 0;
  let lastVideo: string | null = null;
  for (const [videoId, startSec, endSec, label, , score, provenance, annotator] of rows) {
    if (videoId !== lastVideo) videoCount++;
    lastVideo = videoId;
    const where = `video "${videoId}"`;
    lines.push(
      `${field(videoId)},${plainDecimal(startSec, where)},${plainDecimal(endSec, where)},${field(label)},` +
        `${score === null ? '' : plainDecimal(score, where)},${provenance},${annotator === null ? '' : field(annotator)}\r\n`,
    );
  }
  return { text: lines.join(''), warnings: [], videoCount, itemCount: rows.length };
}
