import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one transaction: all of it is committed, or none of it (the error is
 * rethrown after the rollback). BEGIN IMMEDIATE takes the write lock up front, so two
 * processes on one file wait for each other instead of failing half-way.
 * Nested calls join the outer transaction.
 */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
