import type { DatabaseSync } from 'node:sqlite';
import { classNames, getActiveLabelSet } from '../project/labelSets.ts';

/**
 * Labels offered by the label picker: the active label set's, then those already used in the
 * project and the classes of its model runs (background classes left out), each once.
 */
export function labelChoices(db: DatabaseSync): string[] {
  const choices = new Set<string>();
  const active = getActiveLabelSet(db);
  // For an ActivityNet taxonomy the classes are its leaves, not the inner nodes.
  if (active) for (const name of classNames(db, active.id)) choices.add(name);
  const used = db.prepare('SELECT DISTINCT label FROM segments ORDER BY label').all() as {
    label: string;
  }[];
  for (const { label } of used) choices.add(label);
  const streams = db.prepare('SELECT labels_json FROM run_streams').all() as {
    labels_json: string;
  }[];
  for (const s of streams) {
    for (const label of JSON.parse(s.labels_json) as string[]) {
      if (label !== 'background') choices.add(label);
    }
  }
  return [...choices];
}
