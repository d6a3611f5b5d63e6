import type { SQLInputValue } from 'node:sqlite';
import type { Provenance } from '../../project/types.ts';
import { missingSubsetOf, type VideoSelection } from './exportTypes.ts';

/**
 * Which segment rows an export reads, as one SQL WHERE clause over `segments s`, so that
 * each exporter runs one ordered query for the whole project (not one per video).
 */
export interface SegmentFilter extends VideoSelection {
  provenances: readonly Provenance[];
  /**
   * 'all': every annotator's rows and the shared rows (annotator_id NULL);
   * a number: that annotator's layer as the timeline shows it (their rows, plus the shared
   * rows they have not decided on); 'shared': the shared rows only (model predictions).
   */
  layer: 'all' | 'shared' | number;
  /**
   * With layer 'all': leave out a shared row once any annotator has decided on it (accepted,
   * edited, rejected, merged), because their decision is the row that stands for it.
   */
  hideDecidedShared?: boolean;
  /** Only rows of this model run. */
  runId?: number;
  /** Only shared predictions of this product (the ranked detections or the suggestions). */
  product?: 'ranked' | 'suggested';
}

export function segmentWhere(filter: SegmentFilter): { sql: string; params: SQLInputValue[] } {
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  clauses.push(`s.provenance IN (${filter.provenances.map(() => '?').join(', ') || 'NULL'})`);
  params.push(...filter.provenances);
  if (filter.layer === 'shared') {
    clauses.push('s.annotator_id IS NULL');
  } else if (typeof filter.layer === 'number') {
    clauses.push(`(s.annotator_id = ? OR (s.annotator_id IS NULL AND NOT EXISTS (
      SELECT 1 FROM prediction_reviews r WHERE r.segment_id = s.id AND r.annotator_id = ?)))`);
    params.push(filter.layer, filter.layer);
  } else if (filter.hideDecidedShared) {
    clauses.push(`(s.annotator_id IS NOT NULL OR NOT EXISTS (
      SELECT 1 FROM prediction_reviews r WHERE r.segment_id = s.id))`);
  }
  if (filter.subset !== undefined) {
    clauses.push('s.video_id IN (SELECT id FROM videos WHERE coalesce(subset, ?) = ?)');
    params.push(missingSubsetOf(filter), filter.subset);
  }
  if (filter.runId !== undefined) {
    clauses.push('s.run_id = ?');
    params.push(filter.runId);
  }
  if (filter.product !== undefined) {
    clauses.push('s.product = ?');
    params.push(filter.product);
  }
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}
