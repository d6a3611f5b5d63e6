import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';

/** The tables whose rows user edits change; each has a primary key column `id`. */
export type EditedTable = 'segments' | 'prediction_reviews' | 'video_labels' | 'videos';

export type Row = Record<string, SQLInputValue>;

/**
 * One row's change: `before` null is an insert, `after` null a delete. Inserts and deletes
 * hold the full row, updates the columns they changed (full rows in projects written before
 * that: both apply the same way), so that an edit can be applied backwards (undo) and
 * forwards again (redo) after a restart.
 */
export interface RowChange {
  table: EditedTable;
  id: number | string;
  before: Row | null;
  after: Row | null;
}

const TABLES: ReadonlySet<string> = new Set<EditedTable>([
  'segments',
  'prediction_reviews',
  'video_labels',
  'videos',
]);

export function readRow(db: DatabaseSync, table: EditedTable, id: number | string): Row | null {
  const row = db.prepare(`SELECT * FROM ${checked(table)} WHERE id = ?`).get(id);
  return (row as Row | undefined) ?? null;
}

/** Applies a change forwards; `expect` checks the row is still what the change started from. */
export function applyChange(db: DatabaseSync, change: RowChange): void {
  const table = checked(change.table);
  const current = readRow(db, change.table, change.id);
  if (!sameRow(current, change.before)) {
    throw new ActionlineError(
      'CONFLICT',
      `${describe(change)} was changed by someone else since; nothing was undone or redone`,
    );
  }
  try {
    writeChange(db, table, change);
  } catch (err) {
    // A row it points at is gone (e.g. a prediction replaced by a re-derivation).
    if ((err as { errcode?: number }).errcode === SQLITE_CONSTRAINT_FOREIGNKEY) {
      throw new ActionlineError(
        'CONFLICT',
        `${describe(change)} refers to something that no longer exists (a prediction replaced by a re-derivation?)`,
      );
    }
    throw err;
  }
}

/** SQLite's extended result code for a broken reference. */
const SQLITE_CONSTRAINT_FOREIGNKEY = 787;

function writeChange(db: DatabaseSync, table: string, change: RowChange): void {
  if (change.after === null) {
    db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(change.id);
  } else if (change.before === null) {
    const columns = Object.keys(change.after);
    db.prepare(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
    ).run(...columns.map((c) => change.after![c]!));
  } else {
    const columns = Object.keys(change.after).filter((c) => c !== 'id');
    db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...columns.map((c) => change.after![c]!),
      change.id,
    );
  }
}

export function inverse(change: RowChange): RowChange {
  return { table: change.table, id: change.id, before: change.after, after: change.before };
}

function sameRow(a: Row | null, b: Row | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(b);
  return keys.every((k) => normalize(a[k]) === normalize(b[k]));
}

/** SQLite returns integers as numbers and JSON keeps them so; blobs are never edited. */
function normalize(value: SQLInputValue | undefined): unknown {
  return typeof value === 'bigint' ? Number(value) : (value ?? null);
}

function describe(change: RowChange): string {
  const noun =
    change.table === 'videos' ? 'video' : change.table.replace(/s$/, '').replace('_', ' ');
  return `${noun} ${change.id}`;
}

function checked(table: string): string {
  if (!TABLES.has(table)) throw new ActionlineError('INTERNAL', `not an edited table: ${table}`);
  return table;
}
