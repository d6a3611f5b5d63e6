import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../main/project/runs.ts';
import { addSegment } from '../../../main/project/segmentEdits.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { addOverlappingRuns } from '../../unit/main/formats/export/predictionsProject.ts';

/** `actionline export …` as a user runs it: the real bin, a project on disk, files and exit codes. */

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
let dir = '';
let projectFile = '';

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [BIN, 'export', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
  projectFile = path.join(dir, 'p.actionline');
  const project = Project.open(projectFile, { create: true });
  const alice = project.annotator('alice').id;
  upsertVideo(project.db, { id: 'b', subset: 'validation', durationSec: 30 });
  upsertVideo(project.db, { id: '17', subset: 'training', durationSec: 30 });
  addSegment(project.db, alice, 'b', { startSec: 0.1 + 0.2, endSec: 4, label: 'Diving' });
  addSegment(project.db, alice, '17', { startSec: 1, endSec: 2, label: 'Run, fast' });
  const runId = createRun(project.db, { modelId: 'm', streams: [] });
  project.db
    .prepare('UPDATE model_runs SET created_at = ? WHERE id = ?')
    .run('2026-12-01T12:00:00.000Z', runId);
  replacePredictions(
    project.db,
    runId,
    'b',
    [
      { startSec: 1, endSec: 2, label: 'Diving', score: 0.5 },
      { startSec: 3, endSec: 4, label: 'Jump', score: 0.5 },
    ],
    [{ label: 'Diving', score: 0.8 }],
  );
  project.close();
});

describe('actionline export', () => {
  it('activitynet: writes sorted ground truth and a summary line', () => {
    const out = path.join(dir, 'gt.json');
    const r = run(projectFile, '--format', 'activitynet', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: 2 videos, 2 segments\n`);
    const text = readFileSync(out, 'utf8');
    expect(text.indexOf('"17"')).toBeLessThan(text.indexOf('"b"'));
    expect(JSON.parse(text).database.b.annotations).toEqual([
      { segment: [0.30000000000000004, 4], label: 'Diving' },
    ]);
  });

  it('--subset filters videos', () => {
    const out = path.join(dir, 'val.json');
    expect(
      run(projectFile, '--format', 'activitynet', '--out', out, '--subset', 'validation').code,
    ).toBe(0);
    expect(Object.keys(JSON.parse(readFileSync(out, 'utf8')).database)).toEqual(['b']);
  });

  it('activitynet-results and csv', () => {
    const results = path.join(dir, 'results.json');
    expect(
      run(
        projectFile,
        '--format',
        'activitynet-results',
        '--out',
        results,
        '--task',
        'classification',
      ).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(results, 'utf8')).results).toEqual({
      b: [{ label: 'Diving', score: 0.8 }],
    });
    const csv = path.join(dir, 'segments.csv');
    expect(run(projectFile, '--format', 'csv', '--out', csv).code).toBe(0);
    expect(readFileSync(csv, 'utf8').split('\r\n')[1]).toBe('17,1,2,"Run, fast",,manual,alice');
  });

  it('thumos14: prints how many segments were left out', () => {
    const out = path.join(dir, 'thumos.txt');
    const r = run(projectFile, '--format', 'thumos14', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "from each video's newest run: run 1 (m, 2026-12-01) for 1 video\n" +
        'warning: 1 segment(s) left out: label not one of the 20 THUMOS14 classes ("Jump")\n',
    );
    expect(readFileSync(out, 'utf8')).toBe('b 1 2 26 0.5\n');
  });

  it("without --run: each video's newest run, named on stderr and in the file; --run as asked", () => {
    const twoRuns = path.join(dir, 'two-runs.actionline');
    const project = Project.open(twoRuns, { create: true });
    const { older, newer } = addOverlappingRuns(project);
    project.close();
    const out = path.join(dir, 'newest.json');
    const r = run(twoRuns, '--format', 'activitynet-results', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `from each video's newest run: run ${older} (motion, 2026-12-05) for 1 video, run ${newer} (tsn-rgb, 2026-12-07) for 2 videos\n` +
        '1 video also has predictions of an older run, not written\n',
    );
    expect(r.stdout).toBe(`wrote ${out}: 3 videos, 3 entries\n`);
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      results: Record<string, unknown>;
      actionline: { product: string; runs: { run: number; videos: string[] }[] };
    };
    expect(json.results.b).toEqual([{ label: 'Shotput', score: 0.6, segment: [4, 5] }]);
    expect(json.actionline.runs.map((x) => [x.run, x.videos])).toEqual([
      [older, ['a']],
      [newer, ['b', 'c']],
    ]);

    const one = path.join(dir, 'older.json');
    const asked = run(
      twoRuns,
      '--format',
      'activitynet-results',
      '--out',
      one,
      '--run',
      `${older}`,
    );
    expect([asked.code, asked.stderr]).toEqual([0, '']);
    const olderJson = JSON.parse(readFileSync(one, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(olderJson.results as object)).toEqual(['a', 'b']);
    expect(olderJson.actionline).toBeUndefined();
  });

  it('a missing project is one line naming the file, exit 1, and nothing is written', () => {
    const missing = path.join(dir, 'nope.actionline');
    const out = path.join(dir, 'never.json');
    const r = run(missing, '--format', 'activitynet', '--out', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`error: ${missing}: project file not found\n`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(missing)).toBe(false);
  });

  it('bad arguments exit 2', () => {
    const out = path.join(dir, 'x.json');
    const badFormat = run(projectFile, '--format', 'pascal-voc', '--out', out);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("argument 'pascal-voc' is invalid");
    const wrongOption = run(projectFile, '--format', 'csv', '--out', out, '--run', '1');
    expect(wrongOption.code).toBe(2);
    expect(wrongOption.stderr).toBe(
      'error: --run does not apply to --format csv (only to activitynet-results, thumos14, label-studio)\n',
    );
    const unknownAnnotator = run(
      projectFile,
      '--format',
      'activitynet',
      '--out',
      out,
      '--annotator',
      'zoe',
    );
    expect(unknownAnnotator.code).toBe(2);
    expect(unknownAnnotator.stderr).toContain(
      '--annotator zoe: no such annotator in this project (annotators: "alice")',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('a file that is not a project exits 1 without being changed', () => {
    const notProject = path.join(dir, 'notes.txt');
    writeFileSync(notProject, 'hello');
    const r = run(notProject, '--format', 'csv', '--out', path.join(dir, 'n.csv'));
    expect(r.code).toBe(1);
    expect(readFileSync(notProject, 'utf8')).toBe('hello');
  });
});
