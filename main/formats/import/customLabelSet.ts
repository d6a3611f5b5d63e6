import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { createLabelSet, getActiveLabelSet, setActiveLabelSet } from '../../project/labelSets.ts';

/**
 * Stores the label list a file declares (a CVAT task's labels) as a custom label set, so
 * that annotators go on labelling with the classes the team used. A custom set holding
 * exactly these names in this order is reused, so a second import adds no copy. Names: the
 * first free one of "<title>", "<title> (<file name>)", "<title> (<file name>) 2", … A
 * project without an active label set gets this one as active. No names: no set (null).
 */
export function ensureCustomLabelSet(
  db: DatabaseSync,
  title: string,
  labels: readonly string[],
  file: string,
): { id: number; created: boolean } | null {
  const names = [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))];
  if (names.length === 0) return null;
  const same = findSame(db, names);
  if (same !== null) return { id: same, created: false };
  const id = createLabelSet(db, freeName(db, title, path.basename(file)), names);
  if (getActiveLabelSet(db) === null) setActiveLabelSet(db, id);
  return { id, created: true };
}

function findSame(db: DatabaseSync, names: readonly string[]): number | null {
  const candidates = db
    .prepare(
      `SELECT s.id FROM label_sets s WHERE s.kind = 'custom'
       AND (SELECT count(*) FROM labels l WHERE l.label_set_id = s.id) = ? ORDER BY s.id`,
    )
    .all(names.length) as { id: number }[];
  const rows = db.prepare('SELECT name FROM labels WHERE label_set_id = ? ORDER BY position');
  for (const { id } of candidates) {
    const labels = (rows.all(id) as { name: string }[]).map((r) => r.name);
    if (labels.every((name, i) => name === names[i])) return id;
  }
  return null;
}

function freeName(db: DatabaseSync, title: string, fileName: string): string {
  const taken = db.prepare('SELECT 1 FROM label_sets WHERE name = ?');
  const first = [title, `${title} (${fileName})`];
  for (const name of first) if (taken.get(name) === undefined) return name;
  for (let n = 2; ; n++) {
    const name = `${first[1]} ${n}`;
    if (taken.get(name) === undefined) return name;
  }
}
