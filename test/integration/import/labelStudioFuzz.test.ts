import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzImports } from './fuzzImportCase.ts';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { Project } from '../../../main/project/project.ts';
import { mulberry32, mutatedFile } from './fuzzMutations.ts';
import { detectionDoc, groundTruthDoc, tempDir, writeJson } from './importFixtures.ts';

/**
 * Mutated Label Studio exports (the cited fixture, mutated as importFuzz.test.ts mutates
 * ActivityNet files: truncation, wrong types, odd keys and labels, duplicate keys and ids,
 * huge arrays, other encodings) into one project holding data: each import either succeeds
 * or fails with one line naming the file, never INTERNAL, and a failure changes nothing.
 * Reproduce a failure with IMPORT_FUZZ_SEED=<seed from the test name>.
 */

const SEED = Number(process.env.IMPORT_FUZZ_SEED ?? 0x1abe15);
const CASES = 200;
const FIXTURE = path.resolve('test/fixtures/formats/label-studio/video-timeline-export.json');

let dir = '';
let project: Project;

beforeAll(async () => {
  dir = tempDir('label-studio-fuzz');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  await importFile(project, writeJson(dir, 'gt.json', groundTruthDoc()));
  await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
  await importFile(project, FIXTURE);
});
afterAll(() => project.close());

describe('Label Studio import fuzz', () => {
  it(`${CASES} mutated exports (seed ${SEED}): success, or one clear line and no change`, async () => {
    const base = JSON.parse(readFileSync(FIXTURE, 'utf8')) as never;
    const random = mulberry32(SEED);
    const file = path.join(dir, 'fuzz-tasks.json');
    const outcomes = await fuzzImports(project, file, 'label-studio', CASES, () =>
      mutatedFile(base, random),
    );
    expect(outcomes.imported).toBeGreaterThan(CASES / 40);
    expect(outcomes.refused).toBeGreaterThan(CASES / 4);
    expect(project.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(project.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });
});
