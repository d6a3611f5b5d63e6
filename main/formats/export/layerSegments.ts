import type { DatabaseSync } from 'node:sqlite';
import type { VideoSelection } from './exportTypes.ts';
import { GROUND_TRUTH_PROVENANCES } from './groundTruthExport.ts';
import { segmentWhere } from './segmentFilter.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';

/** One annotator's segment as the ground-truth exports (VIA, FiftyOne, THUMOS14) write it. */
export interface LayerSegment {
  videoId: string;
  startSec: number;
  endSec: number;
  label: string;
  annotator: string;
}

export interface LayerSelection extends VideoSelection {
  /** Only this annotator's layer (default every annotator's). */
  annotatorId?: number;
}

type Row = [string, number, number, string, number, string];

/**
 * The annotators' segments (imported, accepted, edited, manual; never rejected, never the
 * shared predictions nobody has decided on), in export order, each with its annotator's name.
 */
export function layerSegments(db: DatabaseSync, selection: LayerSelection): LayerSegment[] {
  const where = segmentWhere({
    provenances: GROUND_TRUTH_PROVENANCES,
    layer: 'all',
    subset: selection.subset,
    missingSubset: selection.missingSubset,
  });
  let sql = `${where.sql} AND s.annotator_id IS NOT NULL`;
  const params = [...where.params];
  if (selection.annotatorId !== undefined) {
    sql += ' AND s.annotator_id = ?';
    params.push(selection.annotatorId);
  }
  const statement = db.prepare(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, s.id, a.name
     FROM segments s JOIN annotators a ON a.id = s.annotator_id ${sql} ${SEGMENT_ORDER}`,
  );
  statement.setReturnArrays(true);
  return orderTies(statement.all(...params) as unknown as Row[]).map(
    ([videoId, startSec, endSec, label, , annotator]) => ({
      videoId,
      startSec,
      endSec,
      label,
      annotator,
    }),
  );
}
