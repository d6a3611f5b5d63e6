import type { DatabaseSync } from 'node:sqlite';

/**
 * Settings that belong to a project (its meta table), not to a user: they change what the
 * project's runs derive, so every annotator of the file sees the same.
 */

const CO_OCCURRING_KEY = 'suggestions_co_occurring';

/** Suggestions of different classes may overlap in time (default: one action per moment). */
export function coOccurringClasses(db: DatabaseSync): boolean {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(CO_OCCURRING_KEY) as
    { value: string } | undefined;
  return row?.value === 'true';
}

export function setCoOccurringClasses(db: DatabaseSync, on: boolean): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
    CO_OCCURRING_KEY,
    on ? 'true' : 'false',
  );
}
