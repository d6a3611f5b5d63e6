import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';
import { inTransaction } from './transaction.ts';

/** PRAGMA application_id of every project file: "ACLN". Tells our files from other SQLite files. */
export const APPLICATION_ID = 0x41434c4e;

const SQLITE_MAGIC = 'SQLite format 3\0';

export interface OpenOptions {
  /** Create the file when it does not exist (default false: a missing file is an error). */
  create?: boolean;
}

/**
 * Opens a project file: WAL journal, foreign keys on, schema migrated to the current version.
 * A file that is not a project, or was written by a newer Actionline, is refused before
 * anything is written to it.
 */
export function openProjectDb(file: string, options: OpenOptions = {}): DatabaseSync {
  const exists = existsSync(file);
  if (!exists && !options.create) {
    throw new ActionlineError('FILE_NOT_FOUND', `${file}: project file not found`, file);
  }
  if (exists) checkIsProject(file);
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: 5000 });
  try {
    db.exec('PRAGMA journal_mode = WAL');
    // FULL: a commit is on disk when the call returns, so a power cut loses no edit the
    // user was told was saved (NORMAL would survive a kill but not a power cut).
    db.exec('PRAGMA synchronous = FULL');
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Reads the header and pragmas read-only, so a foreign file is left byte-for-byte as it was. */
function checkIsProject(file: string): void {
  if (statSync(file).isDirectory()) {
    throw new ActionlineError('BAD_FORMAT', `${file}: is a folder, not a project file`, file);
  }
  const header = readHeader(file);
  if (header.length === 0) return; // an empty file becomes a new project
  if (header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: not an Actionline project (not an SQLite file)`,
      file,
    );
  }
  // With no -wal beside it the header is the whole truth (a WAL file is checkpointed
  // before its -wal goes away), and reading it opens nothing: SQLite, even read-only, would
  // create -wal and -shm beside a WAL-mode file and could not remove them.
  if (!existsSync(`${file}-wal`)) {
    if (header.length < 100) {
      throw new ActionlineError('BAD_FORMAT', `${file}: not a readable project (cut short)`, file);
    }
    checkHeader(file, header.readUInt32BE(68), header.readUInt32BE(60), header.readUInt32BE(40));
    return;
  }
  const probe = new DatabaseSync(file, { readOnly: true });
  try {
    checkHeader(
      file,
      pragmaNumber(probe, 'application_id'),
      pragmaNumber(probe, 'user_version'),
      pragmaNumber(probe, 'schema_version'),
    );
  } catch (err) {
    if (err instanceof ActionlineError) throw err;
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: not a readable project (${(err as Error).message})`,
      file,
    );
  } finally {
    probe.close();
  }
}

/** application_id, user_version and schema cookie (0 while no table was ever created). */
function checkHeader(file: string, appId: number, version: number, schemaCookie: number): void {
  if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && schemaCookie === 0)) {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: not an Actionline project (an SQLite file of another application)`,
      file,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: written by a newer Actionline (schema ${version}; this version reads up to ${SCHEMA_VERSION})`,
      file,
    );
  }
}

function readHeader(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const bytesRead = readSync(fd, header, 0, header.length, 0);
    return header.subarray(0, bytesRead);
  } finally {
    closeSync(fd);
  }
}

function migrate(db: DatabaseSync, file: string): void {
  const from = pragmaNumber(db, 'user_version');
  if (from === SCHEMA_VERSION) return;
  inTransaction(db, () => {
    for (let version = from; version < SCHEMA_VERSION; version++) {
      const migration = MIGRATIONS[version]!;
      if (typeof migration === 'string') db.exec(migration);
      else {
        db.exec(migration.sql);
        migration.then(db);
      }
    }
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
  const violations = db.prepare('PRAGMA foreign_key_check').all();
  if (violations.length > 0) {
    throw new ActionlineError('INTERNAL', `${file}: migration left broken references`, file);
  }
}

function pragmaNumber(db: DatabaseSync, name: string): number {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, number | bigint>;
  return Number(Object.values(row)[0]);
}
