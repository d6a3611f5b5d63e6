import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { Project } from '../../../main/project/project.ts';
import {
  detectionDoc,
  groundTruthDoc,
  projectDigest,
  tempDir,
  writeJson,
} from './importFixtures.ts';

/**
 * `actionline import …` as a user runs it: the real bin, files on disk, stdout / stderr /
 * exit code. Each start of the CLI takes about a second, so the cases share runs.
 */

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
let dir = '';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [BIN, 'import', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = tempDir('cli-import');
});

describe('actionline import', () => {
  it('creates the project and imports ground truth, then results', () => {
    const projectFile = path.join(dir, 'new.actionline');
    const gt = writeJson(dir, 'gt.json', groundTruthDoc());
    const first = run(projectFile, gt, '--annotator', 'alice');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `imported ground truth gt.json into ${projectFile}: 3 videos (3 new), 3 segments, 2 labels as annotator "alice"\n`,
    );
    expect(first.stderr).toBe(
      `warning: ${gt}: 1 zero-length segment (start = end; first at database.17.annotations[0].segment)\n`,
    );
    expect(existsSync(projectFile)).toBe(true);

    const det = writeJson(dir, 'det.json', detectionDoc());
    const second = run(projectFile, det, '--annotator', 'alice');
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(
      `imported detection results det.json into ${projectFile}: 2 videos (1 new), 3 segments, 2 labels as run 1\n`,
    );
    expect(second.stderr).toBe(
      'warning: --annotator is not used for a results file: predictions belong to no annotator until reviewed\n',
    );
  });

  it('a bad file: exit 1, one line, no stack, and neither a new nor a changed project', async () => {
    const doc = groundTruthDoc() as { database: Record<string, { duration: unknown }> };
    doc.database.bYUmtLBL7W4!.duration = '224.49';
    const bad = writeJson(dir, 'bad.json', doc);
    const missing = path.join(dir, 'never.actionline');
    const refused = run(missing, bad);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${bad}: database.bYUmtLBL7W4.duration: expected a finite number, got "224.49"\n`,
    });
    expect(existsSync(missing)).toBe(false);

    const existing = path.join(dir, 'existing.actionline');
    let project = Project.open(existing, { create: true });
    await importFile(project, writeJson(dir, 'gt2.json', groundTruthDoc()));
    const before = projectDigest(project.db);
    project.close();
    const binary = writeJson(dir, 'binary.json', '\u0000\u0001garbage\n\u00ff');
    const result = run(existing, binary);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^error: ${binary}: invalid JSON: [^\\n]*\\n$`));
    project = Project.open(existing);
    expect(projectDigest(project.db)).toBe(before);
    project.close();
  });

  it('an empty annotator name is a usage error (exit 2)', () => {
    const gt = writeJson(dir, 'gt3.json', groundTruthDoc());
    const projectFile = path.join(dir, 'p.actionline');
    const empty = run(projectFile, gt, '--annotator', ' ');
    expect(empty).toMatchObject({ code: 2, stderr: 'error: --annotator: the name is empty\n' });
    expect(existsSync(projectFile)).toBe(false);
  });

  it('a missing JSON file: exit 1 with one line', () => {
    const absent = path.join(dir, 'absent.json');
    expect(run(path.join(dir, 'p2.actionline'), absent)).toMatchObject({
      code: 1,
      stderr: `error: ${absent}: file not found\n`,
    });
  });
});
