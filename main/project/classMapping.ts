import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment, VideoLabel } from '../../shared/analysis/types.ts';
import { ActionlineError } from '../base/errors.ts';
import { inTransaction } from './transaction.ts';

/**
 * Model class → project label (class_mappings). Many classes may map to one label. A model
 * with any mapping rows drops the classes it does not map (a mapping is a deliberate choice
 * of what to annotate); a model with none keeps its own class names.
 */

export interface ClassMappingRow {
  modelClass: string;
  label: string;
}

/** Replaces the whole mapping of `modelId`; an empty list removes it (names kept as they are). */
export function setClassMapping(
  db: DatabaseSync,
  modelId: string,
  rows: readonly ClassMappingRow[],
): void {
  // Model classes are kept verbatim (they must equal the model's label map); labels are
  // what annotators type, so they are trimmed like every other label in the project.
  const checked = rows.map((row) => {
    if (row.modelClass.length === 0) {
      throw new ActionlineError('BAD_ARGUMENT', `a class of model "${modelId}" is empty`);
    }
    return { modelClass: row.modelClass, label: nonEmpty(row.label) };
  });
  const seen = new Set<string>();
  for (const { modelClass } of checked) {
    // Two rows for one class would be a silent last-wins; the caller meant one of them.
    if (seen.has(modelClass)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `class "${modelClass}" of model "${modelId}" is mapped twice`,
      );
    }
    seen.add(modelClass);
  }
  inTransaction(db, () => {
    db.prepare('DELETE FROM class_mappings WHERE model_id = ?').run(modelId);
    const insert = db.prepare(
      'INSERT INTO class_mappings (model_id, model_class, label) VALUES (?, ?, ?)',
    );
    for (const row of checked) insert.run(modelId, row.modelClass, row.label);
  });
}

/** The mapping rows of a model, by model class; empty when it has none. */
export function getClassMapping(db: DatabaseSync, modelId: string): ClassMappingRow[] {
  const rows = db
    .prepare(
      'SELECT model_class, label FROM class_mappings WHERE model_id = ? ORDER BY model_class',
    )
    .all(modelId) as { model_class: string; label: string }[];
  return rows.map((r) => ({ modelClass: r.model_class, label: r.label }));
}

/** class → project label, or null for a class the mapping drops. Reads the rows once. */
export function mapLabel(db: DatabaseSync, modelId: string): (modelClass: string) => string | null {
  const rows = getClassMapping(db, modelId);
  if (rows.length === 0) return (modelClass) => modelClass;
  const labelOf = new Map(rows.map((r) => [r.modelClass, r.label]));
  return (modelClass) => labelOf.get(modelClass) ?? null;
}

/** Segments relabelled through the mapping; dropped classes' segments are left out. */
export function mapSegments(
  segments: readonly ScoredSegment[],
  map: (modelClass: string) => string | null,
): ScoredSegment[] {
  const out: ScoredSegment[] = [];
  for (const segment of segments) {
    const label = map(segment.label);
    if (label !== null) out.push({ ...segment, label });
  }
  return out;
}

/**
 * Video labels through the mapping: classes mapped to one label become one label with the
 * best of their scores (a max, not a sum: the scores are per-class confidences and a sum of
 * probabilities of rival classes is not a confidence). Best first; ties keep input order.
 */
export function mapVideoLabels(
  labels: readonly VideoLabel[],
  map: (modelClass: string) => string | null,
): VideoLabel[] {
  const best = new Map<string, number>();
  for (const { label: modelClass, score } of labels) {
    const label = map(modelClass);
    if (label === null) continue;
    const previous = best.get(label);
    if (previous === undefined || score > previous) best.set(label, score);
  }
  return [...best].map(([label, score]) => ({ label, score })).sort((a, b) => b.score - a.score);
}

function nonEmpty(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'label is empty');
  return trimmed;
}
