import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import {
  createActivityNetLabelSet,
  getActiveLabelSet,
  setActiveLabelSet,
} from '../../project/labelSets.ts';
import type { TaxonomyNode } from '../../activitynet/types.ts';

export const TAXONOMY_LABEL_SET_NAME = 'ActivityNet taxonomy';

/**
 * Stores an ActivityNet taxonomy as a label set of kind 'activitynet' (node ids, names,
 * parent ids and parent names verbatim, file order as position), so that export writes the
 * same taxonomy back. A label set holding exactly these nodes in this order is reused, so a
 * second import of the same file adds no copy. Names must be unique: the first free one of
 * "ActivityNet taxonomy", "ActivityNet taxonomy (gt.json)", "ActivityNet taxonomy (gt.json) 2", …
 * An empty taxonomy makes no label set (null). A project without an active label set gets
 * this one as active, so annotators label with the classes of the ground truth they import.
 */
export function ensureTaxonomyLabelSet(
  db: DatabaseSync,
  taxonomy: readonly TaxonomyNode[],
  file: string,
): { id: number; created: boolean } | null {
  if (taxonomy.length === 0) return null;
  const same = findSameLabelSet(db, taxonomy);
  if (same !== null) return { id: same, created: false };
  const id = createActivityNetLabelSet(db, freeName(db, path.basename(file)), taxonomy);
  if (getActiveLabelSet(db) === null) setActiveLabelSet(db, id);
  return { id, created: true };
}

function findSameLabelSet(db: DatabaseSync, taxonomy: readonly TaxonomyNode[]): number | null {
  const candidates = db
    .prepare(
      `SELECT s.id FROM label_sets s WHERE s.kind = 'activitynet'
       AND (SELECT count(*) FROM labels l WHERE l.label_set_id = s.id) = ? ORDER BY s.id`,
    )
    .all(taxonomy.length) as { id: number }[];
  const rows = db.prepare(
    `SELECT name, node_id, parent_node_id, parent_name FROM labels
     WHERE label_set_id = ? ORDER BY position`,
  );
  for (const { id } of candidates) {
    const labels = rows.all(id) as {
      name: string;
      node_id: number | null;
      parent_node_id: number | null;
      parent_name: string | null;
    }[];
    const equal = labels.every((label, i) => {
      const node = taxonomy[i]!;
      return (
        label.name === node.nodeName &&
        label.node_id === node.nodeId &&
        label.parent_node_id === node.parentId &&
        label.parent_name === node.parentName
      );
    });
    if (equal) return id;
  }
  return null;
}

function freeName(db: DatabaseSync, fileName: string): string {
  const taken = db.prepare('SELECT 1 FROM label_sets WHERE name = ?');
  const first = [TAXONOMY_LABEL_SET_NAME, `${TAXONOMY_LABEL_SET_NAME} (${fileName})`];
  for (const name of first) if (taken.get(name) === undefined) return name;
  for (let n = 2; ; n++) {
    const name = `${first[1]} ${n}`;
    if (taken.get(name) === undefined) return name;
  }
}
