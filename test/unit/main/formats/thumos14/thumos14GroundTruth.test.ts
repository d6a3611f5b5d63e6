import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzImportCase } from '../../../../integration/import/fuzzImportCase.ts';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { exportProjectFile } from '../../../../../main/formats/export/exportProject.ts';
import { importFile } from '../../../../../main/formats/import/importFile.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { mulberry32 } from '../../../../integration/import/fuzzMutations.ts';
import { tempDir } from '../../../../integration/import/importFixtures.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * THUMOS14 ground truth: the cited fixture folder (and one file of it) in, errors naming the
 * file and line, a folder out and back unchanged, and mutated folders that import or fail
 * with one line and no change.
 */

const FIXTURE = path.resolve('test/fixtures/formats/thumos14-gt');

function rows(project: Project) {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.label, s.start_sec AS startSec, s.end_sec AS endSec,
         a.name AS layer, v.subset
       FROM segments s JOIN annotators a ON a.id = s.annotator_id JOIN videos v ON v.id = s.video_id
       ORDER BY s.video_id, s.label, s.start_sec, a.name`,
    )
    .all() as {
    video: string;
    label: string;
    startSec: number;
    endSec: number;
    layer: string;
    subset: string;
  }[];
}

async function errorOf(files: Record<string, string>): Promise<string> {
  const dir = tempDir('thumos-bad');
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  try {
    await importFile(project, dir);
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return (err as Error).message.replace(dir, 'DIR');
  } finally {
    project.close();
  }
  throw new Error('expected an error');
}

describe('THUMOS14 ground truth import', () => {
  it('reads the fixture folder (detected), and one file of it', async () => {
    const dir = tempDir('thumos');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      const summary = await importFile(project, FIXTURE);
      expect(summary.annotator).toBe('ground truth');
      expect(summary.videos).toBe(3);
      expect(summary.segments).toBe(6);
      expect(summary.warnings.join('\n')).toContain('2 Ambiguous segment(s) left out');
      expect(rows(project).map((r) => [r.video, r.label, r.startSec, r.endSec, r.subset])).toEqual([
        ['video_validation_0000051', 'BaseballPitch', 67.5, 75.9, 'validation'],
        ['video_validation_0000051', 'BaseballPitch', 85.9, 90.6, 'validation'],
        ['video_validation_0000052', 'BaseballPitch', 20.6, 25, 'validation'],
        ['video_validation_0000052', 'CliffDiving', 51.2, 54.3, 'validation'],
        ['video_validation_0000052', 'Diving', 51.2, 54.3, 'validation'],
        ['video_validation_0000053', 'Diving', 3, 7.4, 'validation'],
      ]);
      const one = await importFile(project, path.join(FIXTURE, 'Diving_val.txt'), {
        annotator: 'ann',
      });
      expect(one.segments).toBe(2);
      expect(rows(project).filter((r) => r.layer === 'ann')).toHaveLength(2);
    } finally {
      project.close();
    }
  });

  it('names the file and line of each problem', async () => {
    expect(await errorOf({ 'Run_val.txt': 'v1  1.0 2.0\nv1 x 2\n' })).toBe(
      'DIR: Run_val.txt line 2: expected start and end in seconds, got "x" "2"',
    );
    expect(await errorOf({ 'Run_val.txt': 'v1 1.0\n' })).toBe(
      'DIR: Run_val.txt line 1: expected "video start end", got 2 field(s)',
    );
    expect(await errorOf({ 'Run_val.txt': 'v1 3 2\n' })).toBe(
      'DIR: Run_val.txt line 1: end 2 is before start 3',
    );
    expect(await errorOf({ 'Run_val.txt': 'v1 1 2\n', 'Jump_test.txt': 'v1 4 5\n' })).toBe(
      'DIR: Run_val.txt line 1: video "v1" is in the validation subset here and in the testing subset at Jump_test.txt line 1',
    );
    expect(await errorOf({ 'notes.txt': 'hello' })).toMatch(/^DIR: no THUMOS14 annotation files/);
  });
});

describe('THUMOS14 ground truth export', () => {
  it('writes a folder per class and subset that comes back unchanged', async () => {
    const dir = tempDir('thumos-export');
    const projectFile = path.join(dir, 'p.actionline');
    const project = Project.open(projectFile, { create: true });
    let before: ReturnType<typeof rows>;
    try {
      upsertVideo(project.db, { id: 'v_a', subset: 'validation' });
      upsertVideo(project.db, { id: 'v_b', subset: 'testing' });
      upsertVideo(project.db, { id: 'v_c' });
      upsertVideo(project.db, { id: 'v_train', subset: 'training' });
      const alice = project.annotator('alice').id;
      const add = (videoId: string, startSec: number, endSec: number, label: string) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance: 'manual',
          annotatorId: alice,
        });
      add('v_a', 0.1 + 0.2, 2, 'Run');
      add('v_a', 1e-7, 0.5, 'Jump');
      add('v_b', 3, 4.25, 'Run');
      add('v_c', 5, 6, 'Run');
      add('v_train', 1, 2, 'Run');
      add('v_a', 1, 2, 'a/b');
      before = rows(project).filter((r) => r.video !== 'v_train' && r.label !== 'a/b');
    } finally {
      project.close();
    }
    const out = path.join(dir, 'gt');
    const result = await exportProjectFile(projectFile, out, { format: 'thumos14-gt' });
    expect(readdirSync(out).sort()).toEqual(['Jump_val.txt', 'Run_test.txt', 'Run_val.txt']);
    expect(readFileSync(path.join(out, 'Run_val.txt'), 'utf8')).toBe(
      'v_a  0.30000000000000004 2\nv_c  5 6\n',
    );
    expect(readFileSync(path.join(out, 'Jump_val.txt'), 'utf8')).toBe('v_a  0.0000001 0.5\n');
    expect(result.warnings.join('\n')).toContain(
      "1 segment(s) left out: their videos' subset (training)",
    );
    expect(result.warnings.join('\n')).toContain('"a/b"');
    const copy = Project.open(path.join(dir, 'copy.actionline'), { create: true });
    try {
      await importFile(copy, out, { annotator: 'alice' });
      expect(rows(copy)).toEqual(
        before.map((r) => (r.video === 'v_c' ? { ...r, subset: 'validation' } : r)),
      );
    } finally {
      copy.close();
    }
  });
});

describe('THUMOS14 ground truth import fuzz', () => {
  it('mutated folders: success, or one line naming the folder and no change', async () => {
    const dir = tempDir('thumos-fuzz');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    const random = mulberry32(0x7400);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const names = readdirSync(FIXTURE).filter((n) => n.endsWith('.txt'));
    const mutations: [string, (text: string) => string][] = [
      ['truncated', (t) => t.slice(0, Math.floor(random() * t.length))],
      ['a word for a number', (t) => t.replace(/\d+\.\d/, 'abc')],
      ['an extra field', (t) => t.replace('\n', ' 7\n')],
      ['end before start', (t) => t.replace(/(\d+\.\d) (\d+\.\d)/, '$2 $1')],
      ['duplicate lines', (t) => t + t],
      ['CRLF and a BOM', (t) => `\uFEFF${t.replace(/\n/g, '\r\n')}`],
      ['NaN', (t) => t.replace(/\d+\.\d/, 'NaN')],
      ['negative start', (t) => t.replace(/  (\d)/, '  -$1')],
      ['huge number', (t) => t.replace(/\d+\.\d/, '1e400')],
      ['empty', () => ''],
    ];
    try {
      await importFile(project, FIXTURE);
      const outcomes = { imported: 0, refused: 0 };
      for (let i = 0; i < 60; i++) {
        const folder = path.join(dir, `case${i}`);
        rmSync(folder, { recursive: true, force: true });
        mkdirSync(folder);
        cpSync(FIXTURE, folder, { recursive: true });
        const name = pick(names);
        const [what, mutate] = pick(mutations);
        const file = path.join(folder, name);
        writeFileSync(file, mutate(readFileSync(file, 'utf8')));
        if (random() < 0.15)
          writeFileSync(path.join(folder, 'Run_test.txt'), 'video_validation_0000051 1 2\n');
        if (random() < 0.1)
          writeFileSync(path.join(folder, 'Run_val.txt'), Buffer.from([0xff, 0xfe, 0x00]));
        const context = `case ${i} (${what} in ${name})`;
        outcomes[
          await fuzzImportCase(
            project,
            folder,
            i % 2 === 0 ? {} : { format: 'thumos14-gt' },
            context,
          )
        ]++;
      }
      expect(outcomes.imported).toBeGreaterThan(5);
      expect(outcomes.refused).toBeGreaterThan(10);
    } finally {
      project.close();
    }
  });
});
