import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { Project } from '../../../main/project/project.ts';
import {
  detectionDoc,
  groundTruthDoc,
  projectDigest,
  tempDir,
  writeJson,
} from './importFixtures.ts';

/** An import is all or nothing: a bad file, or a failure half-way through writing, changes nothing. */

let dir: string;
let project: Project;

beforeEach(async () => {
  dir = tempDir('import-atomic');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  await importFile(project, writeJson(dir, 'gt.json', groundTruthDoc()));
  await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
});
afterEach(() => project.close());

async function expectUnchangedAfterFailure(file: string, message: RegExp): Promise<void> {
  const before = projectDigest(project.db);
  const error = await importFile(project, file).then(
    () => null,
    (err: unknown) => err as Error,
  );
  expect(error?.message).toMatch(message);
  expect(error?.message).not.toContain('\n');
  expect(projectDigest(project.db)).toBe(before);
  expect(project.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
  expect(project.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
}

describe('import atomicity', () => {
  it('a ground-truth file whose last annotation is bad changes nothing', async () => {
    const doc = groundTruthDoc();
    doc.database['v_ünïcode id'].annotations = [
      { segment: [1, 2], label: 'Wakeboarding' },
      { segment: [8, 3], label: 'Wakeboarding' },
    ] as never;
    doc.database.bYUmtLBL7W4.annotations.push({ segment: [1, 2], label: 'New' });
    const file = writeJson(dir, 'bad-gt.json', doc);
    await expectUnchangedAfterFailure(
      file,
      /: database\["v_ünïcode id"\]\.annotations\[1\]\.segment: end 3 is before start 8$/,
    );
  });

  it('a results file with a bad entry in its last video changes nothing', async () => {
    const doc = detectionDoc() as { results: Record<string, unknown[]> };
    doc.results.zzz = [{ label: 'x', score: 1, segment: [0, Number.MAX_VALUE] }, { label: 'x' }];
    await expectUnchangedAfterFailure(
      writeJson(dir, 'bad-det.json', doc),
      /results\.zzz\[1\]\.score: expected a finite number, got nothing \(missing\)$/,
    );
  });

  it('a failure in the middle of writing rolls everything back', async () => {
    // A trigger that fails the third segment insert: videos, label set and two segments of
    // this import are already written when it fires.
    project.db.exec(`CREATE TEMP TABLE inserts (n INTEGER);
      INSERT INTO inserts VALUES (0);
      CREATE TEMP TRIGGER fail_third AFTER INSERT ON main.segments BEGIN
        UPDATE inserts SET n = n + 1;
        SELECT RAISE(ABORT, 'disk on fire') WHERE (SELECT n FROM inserts) >= 3;
      END;`);
    const doc = groundTruthDoc();
    doc.taxonomy.push({ nodeId: 99, nodeName: 'New', parentId: 0, parentName: 'Root' });
    const file = writeJson(dir, 'gt-other.json', doc);
    await expectUnchangedAfterFailure(
      file,
      /gt-other\.json: import failed, the project is unchanged \(disk on fire\)$/,
    );
  });

  it('a malformed file does not create anything', async () => {
    const file = writeJson(dir, 'truncated.json', JSON.stringify(groundTruthDoc()).slice(0, 200));
    await expectUnchangedAfterFailure(file, /truncated\.json: invalid JSON: /);
  });
});
