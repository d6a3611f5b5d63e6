import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../errors.ts';

export interface Annotator {
  id: number;
  name: string;
}

/** The annotator of that name, created on first use. Names are trimmed; empty is refused. */
export function ensureAnnotator(db: DatabaseSync, name: string): Annotator {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'annotator name is empty');
  db.prepare('INSERT OR IGNORE INTO annotators (name, created_at) VALUES (?, ?)').run(
    trimmed,
    new Date().toISOString(),
  );
  return db
    .prepare('SELECT id, name FROM annotators WHERE name = ?')
    .get(trimmed) as unknown as Annotator;
}

export function listAnnotators(db: DatabaseSync): Annotator[] {
  return db
    .prepare('SELECT id, name FROM annotators ORDER BY name')
    .all() as unknown as Annotator[];
}

export function findAnnotator(db: DatabaseSync, name: string): Annotator | null {
  const row = db.prepare('SELECT id, name FROM annotators WHERE name = ?').get(name.trim());
  return (row as unknown as Annotator | undefined) ?? null;
}
