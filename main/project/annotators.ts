import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';

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

/** The annotator of that name; a name nobody has is refused, naming those there are. */
export function requireAnnotator(db: DatabaseSync, name: string): Annotator {
  const annotator = findAnnotator(db, name);
  if (annotator) return annotator;
  const names = listAnnotators(db).map((a) => a.name);
  throw new ActionlineError(
    'BAD_ARGUMENT',
    `no annotator "${name.trim()}" in this project (${names.length > 0 ? `annotators: ${names.join(', ')}` : 'none yet'})`,
  );
}
