import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { Project } from '../../../main/project/project.ts';
import { fuzzImportCase } from './fuzzImportCase.ts';
import { mulberry32, mutatedFile } from './fuzzMutations.ts';
import {
  classificationDoc,
  detectionDoc,
  groundTruthDoc,
  proposalsDoc,
  tempDir,
  writeJson,
} from './importFixtures.ts';

/**
 * Hundreds of mutated ActivityNet files into one project: each import either succeeds or
 * fails with a one-line ActionlineError naming the file, without a stack trace, and a failed
 * import leaves the project exactly as it was. Reproduce a failure with
 * IMPORT_FUZZ_SEED=<seed from the test name>.
 */

const SEED = Number(process.env.IMPORT_FUZZ_SEED ?? 0x5eed2026);
const CASES = 300;
const BASES = [
  { name: 'gt', doc: groundTruthDoc() },
  { name: 'detection', doc: detectionDoc() },
  { name: 'classification', doc: classificationDoc() },
  { name: 'proposals', doc: proposalsDoc() },
];

let dir = '';
let project: Project;

beforeAll(async () => {
  dir = tempDir('import-fuzz');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  // Start from a project that holds data, so that "unchanged" means something.
  await importFile(project, writeJson(dir, 'gt.json', groundTruthDoc()));
  await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
});
afterAll(() => project.close());

describe('import fuzz', () => {
  it(`${CASES} mutated files (seed ${SEED}): success, or one clear line and no change`, async () => {
    const random = mulberry32(SEED);
    const outcomes = { imported: 0, refused: 0 };
    for (let i = 0; i < CASES; i++) {
      const base = BASES[i % BASES.length]!;
      const mutation = mutatedFile(base.doc as never, random);
      // One file per base document: a re-import of the same path replaces instead of growing.
      const file = path.join(dir, `fuzz-${base.name}.json`);
      writeFileSync(file, mutation.bytes);
      const context = `seed ${SEED} case ${i} (${base.name}: ${mutation.what})`;
      outcomes[await fuzzImportCase(project, file, { annotator: 'fuzz' }, context)]++;
    }
    // Both branches must be exercised for the test to mean anything.
    expect(outcomes.imported).toBeGreaterThan(CASES / 40);
    expect(outcomes.refused).toBeGreaterThan(CASES / 4);
    expect(project.db.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
    expect(project.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });
});
