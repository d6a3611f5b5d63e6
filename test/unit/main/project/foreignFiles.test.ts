import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../../main/base/errors.ts';
import { SCHEMA_VERSION } from '../../../../main/project/migrations.ts';
import { APPLICATION_ID } from '../../../../main/project/openProject.ts';
import { Project } from '../../../../main/project/project.ts';

/**
 * Opening a file that is not a project must say so, name the file, and leave it exactly as
 * it was: same bytes, and no -wal/-shm/-journal companions left beside it.
 */

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-foreign-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function expectRefusedUntouched(file: string, message: RegExp): void {
  const before = sha256(file);
  const neighbours = readdirSync(dir).sort();
  let error: unknown;
  try {
    Project.open(file).close();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ActionlineError);
  expect((error as ActionlineError).code).toBe('BAD_FORMAT');
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(message);
  expect(sha256(file)).toBe(before);
  expect(readdirSync(dir).sort()).toEqual(neighbours);
}

/** An SQLite file of another application, in the journal mode it chose. */
function otherAppDb(file: string, journalMode: 'delete' | 'wal'): void {
  const db = new DatabaseSync(file);
  db.exec(`PRAGMA journal_mode = ${journalMode}`);
  db.exec(
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x')",
  );
  db.close();
}

describe('opening files that are not projects', () => {
  it('refuses a text file', () => {
    const file = path.join(dir, 'notes.txt');
    writeFileSync(file, 'shopping list\n- milk\n');
    expectRefusedUntouched(file, /not an Actionline project \(not an SQLite file\)/);
  });

  it('refuses a file with the SQLite header but nothing readable after it', () => {
    const file = path.join(dir, 'broken.db');
    writeFileSync(file, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(84, 0xff)]));
    expectRefusedUntouched(file, /not a readable project|not an Actionline project/);
  });

  it('refuses an SQLite database of another application', () => {
    const file = path.join(dir, 'other.db');
    otherAppDb(file, 'delete');
    expectRefusedUntouched(file, /SQLite file of another application/);
  });

  it('refuses a folder', () => {
    expect(() => Project.open(dir)).toThrow(new RegExp(`${escape(dir)}: is a folder`));
  });

  // Known failure: the read-only probe in openProject.ts opens a WAL-mode file through
  // SQLite, which creates -wal and -shm beside it and, being read-only, cannot remove them
  // on close. The bytes of the file stay the same. Remove `.fails` once the probe reads
  // application_id and user_version from the 100-byte header instead.
  it('refuses a WAL-mode database of another application without leaving -wal/-shm', () => {
    const file = path.join(dir, 'other-wal.db');
    otherAppDb(file, 'wal');
    expectRefusedUntouched(file, /SQLite file of another application/);
  });

  it('refuses a project of a newer schema without leaving -wal/-shm', () => {
    const file = path.join(dir, 'newer.actionline');
    Project.open(file, { create: true }).close();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expectRefusedUntouched(file, /written by a newer Actionline/);
  });

  it('refuses a project of a newer schema and leaves its bytes as they were', () => {
    const file = path.join(dir, 'newer.actionline');
    Project.open(file, { create: true }).close();
    const db = new DatabaseSync(file);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    const before = sha256(file);
    expect(() => Project.open(file)).toThrow(
      new RegExp(`${escape(file)}: written by a newer Actionline \\(schema ${SCHEMA_VERSION + 1}`),
    );
    expect(sha256(file)).toBe(before);
  });

  it('makes an empty file a project', () => {
    const file = path.join(dir, 'empty.actionline');
    writeFileSync(file, '');
    const project = Project.open(file);
    const pragma = (name: string) => Object.values(project.db.prepare(`PRAGMA ${name}`).get()!)[0];
    expect(pragma('application_id')).toBe(APPLICATION_ID);
    expect(pragma('user_version')).toBe(SCHEMA_VERSION);
    project.close();
    expect(existsSync(`${file}-wal`)).toBe(false); // closed cleanly: checkpointed and removed
    Project.open(file).close(); // and opens again as a project
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = path.join(dir, 'missing.actionline');
    expect(() => Project.open(file)).toThrow(/project file not found/);
    expect(existsSync(file)).toBe(false);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
