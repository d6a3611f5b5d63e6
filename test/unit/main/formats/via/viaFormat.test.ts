import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzImports } from '../../../../integration/import/fuzzImportCase.ts';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { viaText } from '../../../../../main/formats/export/viaExport.ts';
import { importFile, planImport } from '../../../../../main/formats/import/importFile.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { mulberry32, mutatedFile } from '../../../../integration/import/fuzzMutations.ts';
import { tempDir } from '../../../../integration/import/importFixtures.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * VIA 3 projects: the cited fixture read as VIA's video annotator shows it, parse errors that
 * name the JSON path, the export's shape, the round trip project → VIA → new project, and
 * mutated files that either import or fail with one line and change nothing.
 */

const FIXTURE = path.resolve('test/fixtures/formats/via/via3-video-project.json');

function rows(project: Project) {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
         a.name AS layer
       FROM segments s JOIN annotators a ON a.id = s.annotator_id
       ORDER BY s.video_id, s.start_sec, s.end_sec, s.label, a.name`,
    )
    .all() as { video: string; startSec: number; endSec: number; label: string; layer: string }[];
}

function base() {
  return {
    project: { pid: '__VIA_PROJECT_ID__', data_format_version: '3.1.1', vid_list: ['1'] },
    config: {},
    attribute: {
      '1': { aname: 'Activity', anchor_id: 'FILE1_Z2_XY0', type: 1, options: {} },
    },
    file: { '1': { fid: '1', fname: 'clip.mp4', type: 4, loc: 1, src: '' } },
    view: { '1': { fid_list: ['1'] } },
    metadata: {
      '1_a': { vid: '1', flg: 0, z: [1, 2], xy: [], av: { '1': 'Run' } },
    } as Record<string, unknown>,
  };
}

function errorOf(json: unknown): string {
  try {
    planImport(json, 'in.json', 'via');
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('VIA 3 import', () => {
  it('reads the fixture as VIA shows it, detected from its shape', async () => {
    const dir = tempDir('via');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      const summary = await importFile(project, FIXTURE);
      expect(summary.annotator).toBe('ground truth');
      expect(summary.videos).toBe(2);
      expect(summary.segments).toBe(8);
      expect(rows(project).map((r) => [r.video, r.startSec, r.endSec, r.label])).toEqual([
        ['Alioli_Wikimedia_Wardtmar', 2, 6.5, '1. break egg'],
        ['Alioli_Wikimedia_Wardtmar', 9, 20, '2. pour liquid'],
        ['Alioli_Wikimedia_Wardtmar', 24, 26, '2. pour liquid'],
        ['Alioli_Wikimedia_Wardtmar', 32.04, 63.128, '3. cut garlic'],
        ['Alioli_Wikimedia_Wardtmar', 64, 128, '4. mix'],
        ['Grilledcheesesandwich.webm.360p', 2, 7, '1. Heat Pan'],
        ['Grilledcheesesandwich.webm.360p', 8, 23, '2. Spread butter'],
        ['Grilledcheesesandwich.webm.360p', 24, 27, '3. Roast Bread'],
      ]);
      expect(summary.warnings.join('\n')).toMatch(/2 metadata entries are no temporal segment/);
      expect(summary.warnings.join('\n')).toMatch(
        /1 temporal segment\(s\) without a value of "Activity"/,
      );
      expect(summary.warnings.join('\n')).toMatch(/"Phase"/);
      // Again, into a named layer: the same file twice is one copy per layer.
      await importFile(project, FIXTURE, { annotator: 'ann' });
      await importFile(project, FIXTURE, { annotator: 'ann' });
      expect(rows(project).filter((r) => r.layer === 'ann')).toHaveLength(8);
    } finally {
      project.close();
    }
  });

  it("names an option's name, and the layer of an annotator attribute", () => {
    const json = base();
    json.attribute['1'] = {
      aname: 'Activity',
      anchor_id: 'FILE1_Z2_XY0',
      type: 4,
      options: { '0': 'Walk', '1': 'Run' } as never,
    };
    (json.attribute as Record<string, unknown>)['2'] = {
      aname: 'annotator',
      anchor_id: 'FILE1_Z2_XY0',
      type: 1,
    };
    json.metadata['1_a'] = { vid: '1', z: [1, 2], xy: [], av: { '1': '1', '2': 'bob' } };
    const plan = planImport(json, 'in.json');
    expect(plan.format).toBe('via');
    if (plan.format !== 'via') return;
    expect(plan.data.segments).toEqual([
      { videoId: 'clip', startSec: 1, endSec: 2, label: 'Run', annotator: 'bob' },
    ]);
  });

  it('names the file and JSON path of each problem', () => {
    const at = (patch: (j: ReturnType<typeof base>) => void) => {
      const json = base();
      patch(json);
      return errorOf(json);
    };
    expect(at((j) => (j.metadata['1_a'] = { vid: '1', z: [1, '2'], av: {} }))).toBe(
      'in.json: metadata.1_a.z[1]: expected a time in seconds, got "2"',
    );
    expect(at((j) => (j.metadata['1_a'] = { vid: '9', z: [1, 2], av: {} }))).toBe(
      'in.json: metadata.1_a.vid: view "9" is not in "view"',
    );
    expect(at((j) => (j.metadata['1_a'] = { vid: '1', z: [3, 2], av: {} }))).toBe(
      'in.json: metadata.1_a.z: end 2 is before start 3',
    );
    expect(at((j) => (j.metadata['1_a'] = { vid: '1', z: [1, 2], av: { '1': 7 } }))).toBe(
      'in.json: metadata.1_a.av.1: expected a string, got 7',
    );
    expect(at((j) => (j.view['1'] = { fid_list: ['4'] }))).toBe(
      'in.json: view.1.fid_list[0]: file "4" is not in "file"',
    );
    expect(at((j) => (j.attribute['1'].anchor_id = 'FILE1_Z1_XY1'))).toMatch(
      /^in\.json: attribute: no temporal segment attribute/,
    );
    expect(errorOf({ ...base(), metadata: [] })).toBe(
      'in.json: metadata: expected an object, got an array of 0',
    );
  });
});

describe('VIA 3 export', () => {
  it('writes a VIA project that comes back within one frame (here: exactly)', async () => {
    const dir = tempDir('via-export');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    const file = path.join(dir, 'via.json');
    let before: ReturnType<typeof rows>;
    try {
      upsertVideo(project.db, { id: 'clip', path: '/m/clip.mp4', fpsNum: 25, fpsDen: 1 });
      upsertVideo(project.db, { id: 'yt', url: 'https://example.org/yt.webm' });
      upsertVideo(project.db, { id: 'empty' });
      const alice = project.annotator('alice').id;
      const bob = project.annotator('bob').id;
      const add = (videoId: string, startSec: number, endSec: number, label: string, id: number) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance: 'imported',
          annotatorId: id,
        });
      add('clip', 0.1 + 0.2, 3, 'Chopping', alice);
      add('clip', 4, 4, 'Stirring', bob);
      add('yt', 1 / 3, 2.5, 'Washing "fast"', alice);
      insertSegment(project.db, {
        videoId: 'clip',
        startSec: 5,
        endSec: 6,
        label: 'X',
        provenance: 'rejected',
        annotatorId: alice,
      });
      const out = viaText(project.db);
      expect(out.videoCount).toBe(3);
      expect(out.itemCount).toBe(3);
      const json = JSON.parse(out.text) as Record<string, Record<string, unknown>>;
      expect(json.project!.data_format_version).toBe('3.1.1');
      expect(json.project!.vid_list).toEqual(['1', '2', '3']);
      expect(json.file!['1']).toEqual({ fid: '1', fname: 'clip.mp4', type: 4, loc: 1, src: '' });
      expect(json.file!['3']).toMatchObject({ fname: 'https://example.org/yt.webm', loc: 2 });
      expect(json.metadata!['1_1']).toEqual({
        vid: '1',
        flg: 0,
        z: [0.1 + 0.2, 3],
        xy: [],
        av: { '1': 'Chopping', '2': 'alice' },
      });
      writeFileSync(file, out.text);
      before = rows(project).filter((r) => r.label !== 'X');
    } finally {
      project.close();
    }
    const copy = Project.open(path.join(dir, 'copy.actionline'), { create: true });
    try {
      const summary = await importFile(copy, file);
      expect(summary.annotators).toEqual(['alice', 'bob']);
      expect(rows(copy)).toEqual(before);
    } finally {
      copy.close();
    }
  });
});

describe('VIA 3 import fuzz', () => {
  it('mutated projects: success, or one line naming the file and no change', async () => {
    const dir = tempDir('via-fuzz');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      await importFile(project, FIXTURE);
      const baseJson = JSON.parse(readFileSync(FIXTURE, 'utf8')) as never;
      const random = mulberry32(0x71a3);
      const file = path.join(dir, 'fuzz.json');
      const outcomes = await fuzzImports(project, file, 'via', 120, () =>
        mutatedFile(baseJson, random),
      );
      expect(outcomes.imported).toBeGreaterThan(3);
      expect(outcomes.refused).toBeGreaterThan(30);
    } finally {
      project.close();
    }
  });
});
