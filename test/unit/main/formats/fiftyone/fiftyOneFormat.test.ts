import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzImports } from '../../../../integration/import/fuzzImportCase.ts';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { fiftyOneText } from '../../../../../main/formats/export/fiftyOneExport.ts';
import { importFile, planImport } from '../../../../../main/formats/import/importFile.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { mulberry32, mutatedFile } from '../../../../integration/import/fuzzMutations.ts';
import { tempDir } from '../../../../integration/import/importFixtures.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * FiftyOne temporal detections: the cited fixture's frames at the probed rate or the
 * fallback, errors naming the JSON path, the export, the round trip within one frame, and
 * mutated files that import or fail with one line and no change.
 */

const FIXTURE = path.resolve('test/fixtures/formats/fiftyone/labels.json');

function rows(project: Project) {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
         a.name AS layer
       FROM segments s JOIN annotators a ON a.id = s.annotator_id
       ORDER BY s.video_id, s.label, a.name, s.start_sec`,
    )
    .all() as { video: string; startSec: number; endSec: number; label: string; layer: string }[];
}

function errorOf(json: unknown): string {
  try {
    planImport(json, 'labels.json', 'fiftyone');
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('FiftyOne import', () => {
  it('reads the fixture at 30 fps without media, at the probed rate with it', async () => {
    const dir = tempDir('fiftyone');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      const summary = await importFile(project, FIXTURE);
      expect(summary.videos).toBe(3);
      expect(summary.segments).toBe(4);
      expect(summary.annotator).toBe('ground truth');
      expect(summary.frameRates).toEqual({ v_archery_01: 30, v_beam_02: 30, v_empty_03: 30 });
      expect(rows(project).map((r) => [r.video, r.label, r.startSec, r.endSec])).toEqual([
        ['v_archery_01', 'Archery', 25 / 30, 75 / 30],
        ['v_archery_01', 'Archery', 100 / 30, 101 / 30],
        ['v_beam_02', 'BalanceBeam', 0, 10],
        ['v_beam_02', 'CliffDiving', 15, 16],
      ]);
      const text = summary.warnings.join('\n');
      expect(text).toContain('30 fps (labels.json keeps no frame rate and the media is not probed');
      expect(text).toContain('1 detection(s) carry a confidence');
      upsertVideo(project.db, { id: 'v_archery_01', path: '/m/a.mp4', fpsNum: 25, fpsDen: 1 });
      await importFile(project, FIXTURE);
      const archery = rows(project).filter((r) => r.video === 'v_archery_01');
      expect(archery.map((r) => [r.startSec, r.endSec])).toEqual([
        [1, 3],
        [4, 4.04],
      ]);
    } finally {
      project.close();
    }
  });

  it('names the file and JSON path of each problem', () => {
    const labels = (detection: unknown) => ({ classes: ['A'], labels: { v: [detection] } });
    expect(errorOf(labels({ label: 0, support: [0, 3] }))).toBe(
      'labels.json: labels.v[0].support: expected [first, last] frame numbers (whole, from 1), got [0, 3]',
    );
    expect(errorOf(labels({ label: 0, support: [5, 3] }))).toBe(
      'labels.json: labels.v[0].support: last frame 3 is before first frame 5',
    );
    expect(errorOf(labels({ label: 2, support: [1, 3] }))).toBe(
      'labels.json: labels.v[0].label: class index 2 is not one of the 1 classes',
    );
    expect(errorOf(labels({ label: 0 }))).toBe(
      'labels.json: labels.v[0]: has neither "support" nor "timestamps"',
    );
    expect(errorOf(labels({ label: 0, support: ['1', 3] }))).toBe(
      'labels.json: labels.v[0].support: expected two numbers, got an array of 2',
    );
    expect(errorOf({ classes: null, labels: { v: {} } })).toBe(
      'labels.json: labels.v: expected an array, got an object',
    );
    expect(errorOf({ labels: {}, info: 1 })).toBe(
      'labels.json: info: unknown key (a labels.json holds "classes" and "labels")',
    );
  });

  it('is detected by its shape; labels without classes are names, timestamps seconds', () => {
    const plan = planImport(
      { labels: { v: [{ label: 'Run', timestamps: [1, 2] }] } },
      'labels.json',
    );
    expect(plan.format).toBe('fiftyone');
    if (plan.format !== 'fiftyone') return;
    expect(plan.data.videos[0]!.detections[0]).toEqual({
      label: 'Run',
      extent: { kind: 'seconds', first: 1, last: 2 },
      confidence: null,
      annotator: null,
    });
  });
});

describe('FiftyOne export', () => {
  it('writes classes and frames that come back within one frame, layers by attribute', async () => {
    const dir = tempDir('fiftyone-export');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    const file = path.join(dir, 'labels.json');
    let before: ReturnType<typeof rows>;
    try {
      upsertVideo(project.db, { id: 'clip', path: '/m/clip.mp4', fpsNum: 25, fpsDen: 1 });
      upsertVideo(project.db, { id: 'ntsc', path: '/m/ntsc.mp4', fpsNum: 30000, fpsDen: 1001 });
      upsertVideo(project.db, { id: 'bare' });
      const alice = project.annotator('alice').id;
      const bob = project.annotator('bob').id;
      const add = (videoId: string, startSec: number, endSec: number, label: string, id: number) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance: 'manual',
          annotatorId: id,
        });
      add('clip', 1, 3, 'Chopping', alice);
      add('clip', 1.01, 2.5, 'Stirring', bob);
      add('ntsc', 0.5, 2, 'Washing', alice);
      add('bare', 0.2, 0.9, 'Chopping', bob);
      const out = fiftyOneText(project.db);
      const json = JSON.parse(out.text) as {
        classes: string[];
        labels: Record<string, { label: number; support: number[] }[]>;
      };
      expect(json.classes).toEqual(['Chopping', 'Stirring', 'Washing']);
      expect(json.labels.clip![0]).toEqual({
        label: 0,
        support: [26, 75],
        attributes: { annotator: 'alice' },
      });
      expect(out.warnings.join('\n')).toContain('frames at 30 fps');
      writeFileSync(file, out.text);
      before = rows(project);
    } finally {
      project.close();
    }
    const copy = Project.open(path.join(dir, 'copy.actionline'), { create: true });
    try {
      upsertVideo(copy.db, { id: 'clip', path: '/m/clip.mp4', fpsNum: 25, fpsDen: 1 });
      upsertVideo(copy.db, { id: 'ntsc', path: '/m/ntsc.mp4', fpsNum: 30000, fpsDen: 1001 });
      await importFile(copy, file);
      const after = rows(copy);
      const fps: Record<string, number> = { clip: 25, ntsc: 30000 / 1001, bare: 30 };
      expect(after.map((r) => [r.video, r.label, r.layer])).toEqual(
        before.map((r) => [r.video, r.label, r.layer]),
      );
      after.forEach((r, i) => {
        const was = before[i]!;
        const frameSec = 1 / fps[r.video]!;
        expect(r.startSec - was.startSec).toBeGreaterThanOrEqual(-1e-9);
        expect(r.startSec - was.startSec).toBeLessThan(frameSec);
        expect(r.endSec - was.endSec).toBeGreaterThanOrEqual(-1e-9);
        expect(r.endSec - was.endSec).toBeLessThan(frameSec);
      });
    } finally {
      copy.close();
    }
  });
});

describe('FiftyOne import fuzz', () => {
  it('mutated labels: success, or one line naming the file and no change', async () => {
    const dir = tempDir('fiftyone-fuzz');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      await importFile(project, FIXTURE);
      const baseJson = JSON.parse(readFileSync(FIXTURE, 'utf8')) as never;
      const random = mulberry32(0xf1f7);
      const file = path.join(dir, 'fuzz.json');
      const outcomes = await fuzzImports(project, file, 'fiftyone', 120, () =>
        mutatedFile(baseJson, random),
      );
      expect(outcomes.imported).toBeGreaterThan(3);
      expect(outcomes.refused).toBeGreaterThan(30);
    } finally {
      project.close();
    }
  });
});
