import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { readRow, type EditedTable, type Row, type RowChange } from './rowChanges.ts';

/**
 * Writes rows for one user action and remembers each row's before and after image, which
 * the edit log stores so the action can be undone and redone.
 */
export class ChangeRecorder {
  readonly changes: RowChange[] = [];
  private readonly db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.db = db;
  }

  insert(table: EditedTable, values: Row): Row {
    const columns = Object.keys(values);
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      )
      .run(...columns.map((c) => values[c]!));
    const id = 'id' in values ? values.id! : Number(lastInsertRowid);
    const after = this.mustRead(table, id as number | string);
    this.changes.push({ table, id: after.id as number | string, before: null, after });
    return after;
  }

  /**
   * Updates the given columns. The change records those columns only: an undo then conflicts
   * with what changed them since, not with a change of another column of a shared row (a
   * video's file or probe facts, written outside the edit log).
   */
  update(table: EditedTable, id: number | string, values: Row): Row {
    const before = this.mustRead(table, id);
    const columns = Object.keys(values);
    if (columns.length === 0) return before;
    this.db
      .prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`)
      .run(...columns.map((c) => values[c]!), id);
    const after = this.mustRead(table, id);
    this.changes.push({ table, id, before: only(before, columns), after: only(after, columns) });
    return after;
  }

  delete(table: EditedTable, id: number | string): Row {
    const before = this.mustRead(table, id);
    this.db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(id);
    this.changes.push({ table, id, before, after: null });
    return before;
  }

  private mustRead(table: EditedTable, id: number | string): Row {
    const row = readRow(this.db, table, id);
    if (row === null) {
      const noun = table === 'videos' ? 'video' : 'segment';
      throw new ActionlineError('BAD_ARGUMENT', `no ${noun} ${JSON.stringify(id)} in this project`);
    }
    return row;
  }
}

function only(row: Row, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((c) => [c, row[c]!]));
}
