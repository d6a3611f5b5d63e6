import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import type { TaxonomyNode } from '../activitynet/types.ts';
import { inTransaction } from './transaction.ts';

/**
 * Label sets: the vocabularies annotators label with (Kinetics-400, an ActivityNet taxonomy,
 * or a custom list), and which one the project uses (meta 'active_label_set').
 */

export type LabelSetKind = 'kinetics400' | 'activitynet' | 'custom';

export interface LabelSetRecord {
  id: number;
  name: string;
  kind: LabelSetKind;
  labelCount: number;
}

/** One label, or for an ActivityNet taxonomy one node with its ids kept verbatim. */
export interface LabelRecord {
  name: string;
  position: number;
  nodeId: number | null;
  parentNodeId: number | null;
  parentName: string | null;
}

const ACTIVE_KEY = 'active_label_set';

/** A custom label set from a list of names (trimmed; empty or repeated names refused). */
export function createLabelSet(db: DatabaseSync, name: string, labels: readonly string[]): number {
  return insertSet(db, name, 'custom', uniqueNames(labels, name).map(plainLabel));
}

/**
 * An ActivityNet taxonomy as a label set: every node, in file order, ids and parent names
 * kept so that it exports unchanged. The classes are its leaves (see `classNames`).
 */
export function createActivityNetLabelSet(
  db: DatabaseSync,
  name: string,
  taxonomy: readonly TaxonomyNode[],
): number {
  if (taxonomy.length === 0) {
    throw new ActionlineError('BAD_ARGUMENT', `label set "${name}": the taxonomy is empty`);
  }
  const labels = taxonomy.map((node, position) => ({
    name: node.nodeName,
    position,
    nodeId: node.nodeId,
    parentNodeId: node.parentId,
    parentName: node.parentName,
  }));
  return insertSet(db, name, 'activitynet', labels);
}

/**
 * Kinetics-400 from the label map the Kinetics models use (inference/labelMap.ts's
 * kinetics400Labels), so names match their classes.
 */
export function createKinetics400LabelSet(
  db: DatabaseSync,
  labels: readonly string[],
  name = 'Kinetics-400',
): number {
  return insertSet(db, name, 'kinetics400', labels.map(plainLabel));
}

export function listLabelSets(db: DatabaseSync): LabelSetRecord[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.name, s.kind, (SELECT count(*) FROM labels l WHERE l.label_set_id = s.id)
         AS label_count
       FROM label_sets s ORDER BY s.id`,
    )
    .all() as { id: number; name: string; kind: LabelSetKind; label_count: number }[];
  return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, labelCount: r.label_count }));
}

/** Every label (or taxonomy node) of a set, in its order. */
export function labelsOf(db: DatabaseSync, labelSetId: number): LabelRecord[] {
  requireSet(db, labelSetId);
  const rows = db
    .prepare(
      `SELECT name, position, node_id, parent_node_id, parent_name FROM labels
       WHERE label_set_id = ? ORDER BY position`,
    )
    .all(labelSetId) as Record<string, unknown>[];
  return rows.map((r) => ({
    name: r.name as string,
    position: r.position as number,
    nodeId: (r.node_id as number | null) ?? null,
    parentNodeId: (r.parent_node_id as number | null) ?? null,
    parentName: (r.parent_name as string | null) ?? null,
  }));
}

/**
 * The names annotators label with. For an ActivityNet taxonomy these are the leaves: the
 * inner nodes ("Sports, Exercise, and Recreation") are categories, not actions.
 */
export function classNames(db: DatabaseSync, labelSetId: number): string[] {
  const labels = labelsOf(db, labelSetId);
  const parents = new Set(labels.map((l) => l.parentNodeId).filter((id) => id !== null));
  return labels.filter((l) => l.nodeId === null || !parents.has(l.nodeId)).map((l) => l.name);
}

/** Makes a set the project's active one; null clears it. */
export function setActiveLabelSet(db: DatabaseSync, labelSetId: number | null): void {
  if (labelSetId === null) {
    db.prepare('DELETE FROM meta WHERE key = ?').run(ACTIVE_KEY);
    return;
  }
  requireSet(db, labelSetId);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    ACTIVE_KEY,
    String(labelSetId),
  );
}

/** The active label set; null when none is chosen (or the chosen one no longer exists). */
export function getActiveLabelSet(db: DatabaseSync): LabelSetRecord | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(ACTIVE_KEY) as
    { value: string } | undefined;
  if (!row) return null;
  return listLabelSets(db).find((s) => String(s.id) === row.value) ?? null;
}

function insertSet(
  db: DatabaseSync,
  name: string,
  kind: LabelSetKind,
  labels: readonly LabelRecord[],
): number {
  const setName = name.trim();
  if (setName.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'label set name is empty');
  return inTransaction(db, () => {
    if (db.prepare('SELECT 1 FROM label_sets WHERE name = ?').get(setName)) {
      throw new ActionlineError('BAD_ARGUMENT', `a label set named "${setName}" already exists`);
    }
    const { lastInsertRowid } = db
      .prepare('INSERT INTO label_sets (name, kind) VALUES (?, ?)')
      .run(setName, kind);
    const id = Number(lastInsertRowid);
    const insert = db.prepare(
      `INSERT INTO labels (label_set_id, position, name, node_id, parent_node_id, parent_name)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const l of labels) {
      insert.run(id, l.position, l.name, l.nodeId, l.parentNodeId, l.parentName);
    }
    return id;
  });
}

function uniqueNames(labels: readonly string[], setName: string): string[] {
  const names = labels.map((l) => l.trim());
  if (names.length === 0) {
    throw new ActionlineError('BAD_ARGUMENT', `label set "${setName}" has no labels`);
  }
  const seen = new Set<string>();
  names.forEach((label, i) => {
    if (label.length === 0) {
      throw new ActionlineError('BAD_ARGUMENT', `label set "${setName}": label ${i + 1} is empty`);
    }
    if (seen.has(label)) {
      throw new ActionlineError('BAD_ARGUMENT', `label set "${setName}": "${label}" appears twice`);
    }
    seen.add(label);
  });
  return names;
}

function plainLabel(name: string, position: number): LabelRecord {
  return { name, position, nodeId: null, parentNodeId: null, parentName: null };
}

function requireSet(db: DatabaseSync, labelSetId: number): void {
  if (!db.prepare('SELECT 1 FROM label_sets WHERE id = ?').get(labelSetId)) {
    throw new ActionlineError('BAD_ARGUMENT', `no label set ${labelSetId} in this project`);
  }
}
