import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { listImports } from '../../../main/formats/import/importLog.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { listRuns } from '../../../main/project/runs.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { projectDigest, tempDir, writeJson } from './importFixtures.ts';

/**
 * The Label Studio fixture (test/fixtures/formats/label-studio/, sources cited there) into a
 * project: the segments of each user's layer, the suggestions, the frame rates used.
 */

const FIXTURE = path.resolve('test/fixtures/formats/label-studio/video-timeline-export.json');

let dir: string;
let project: Project;

beforeEach(() => {
  dir = tempDir('import-label-studio');
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
});
afterEach(() => project.close());

function fixtureDoc(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, unknown>[];
}

/** [video, start, end, label, annotator | score] rows of a layer or of the run. */
function rows(sql: string, ...params: (string | number)[]): unknown[][] {
  const statement = project.db.prepare(sql);
  statement.setReturnArrays(true);
  return statement.all(...params) as unknown as unknown[][];
}

const layerRows = () =>
  rows(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, a.name FROM segments s
     JOIN annotators a ON a.id = s.annotator_id WHERE s.provenance = 'imported'
     ORDER BY a.name, s.video_id, s.start_sec`,
  );
const suggestionRows = () =>
  rows(
    `SELECT video_id, start_sec, end_sec, label, score FROM segments
     WHERE annotator_id IS NULL AND product = 'suggested' ORDER BY video_id, start_sec`,
  );

describe('Label Studio import', () => {
  it('reads the cited fixture: layers per user, suggestions, and which frame rate was used', async () => {
    const copy = path.join(dir, 'export.json');
    writeJson(dir, 'export.json', readFileSync(FIXTURE, 'utf8'));
    const summary = await importFile(project, copy);
    expect(layerRows()).toEqual([
      ['kitchen_01', 1.16, 3.2, 'Chopping', 'ann@example.org'],
      ['kitchen_01', 1, 3, 'Chopping', 'ls-user-1'],
      ['kitchen_01', 4, 4.04, 'Stirring', 'ls-user-1'],
      ['kitchen_02', 2, 4, 'Washing', 'ls-user-1'],
    ]);
    expect(suggestionRows()).toEqual([
      ['kitchen_01', 0.76, 2.8, 'Chopping', 0.9],
      ['kitchen_01', 3.96, 5.2, 'Stirring', 0.72],
      ['kitchen_03', 0, 30 / 29.97, 'Washing', 0.5],
    ]);
    expect(summary).toMatchObject({
      kind: 'labelStudio',
      videos: 3,
      videosAdded: 3,
      segments: 4,
      suggestions: 3,
      labels: 3,
      annotator: null,
      annotators: ['ann@example.org', 'ls-user-1'],
    });
    const [run] = listRuns(project.db);
    expect(run).toMatchObject({ id: summary.runId, modelId: 'imported:export.json' });
    expect(run!.params).toMatchObject({
      format: 'label-studio',
      modelVersions: ['tsn-bninception-v1'],
      product: 'suggestions',
    });
    expect(summary.warnings).toEqual([
      `${copy}: 1 cancelled (skipped) annotations left out (first at [1].annotations[1])`,
      `${copy}: 1 results that are not TimelineLabels regions left out (first at [0].annotations[0].result[2]); types: videorectangle`,
      `${copy}: frame numbers read at the task's "fps" for 2 videos (kitchen_01 25 fps, kitchen_03 29.97 fps); at Label Studio's default 24 fps (no probed rate, no task fps) for 1 video (kitchen_02)`,
      `${copy}: 2 tasks name their video with Label Studio's upload prefix, matched without it (1fd99634-kitchen_01.mp4 → kitchen_01, a0b1c2d3-kitchen_03.mp4 → kitchen_03)`,
    ]);
    expect(listImports(project.db)).toMatchObject([
      {
        kind: 'labelStudio',
        annotators: ['ann@example.org', 'ls-user-1'],
        segments: 4,
        frameRates: { kitchen_01: 25, kitchen_02: 24, kitchen_03: 29.97 },
      },
    ]);
  });

  it("uses the project's probed rate and its video of that name, and says where rates disagree", async () => {
    upsertVideo(project.db, {
      id: 'kitchen_01',
      path: '/media/kitchen_01.mp4',
      fpsNum: 30000,
      fpsDen: 1001,
      variableFrameRate: true,
    });
    const summary = await importFile(project, FIXTURE);
    expect(summary.videosAdded).toBe(2);
    expect(layerRows()[1]).toEqual([
      'kitchen_01',
      (25 * 1001) / 30000,
      (75 * 1001) / 30000,
      'Chopping',
      'ls-user-1',
    ]);
    expect(summary.warnings.filter((w) => /fps|frame rate/.test(w))).toEqual([
      `${FIXTURE}: frame numbers read at the project's probed rate for 1 video (kitchen_01 29.97 fps); at the task's "fps" for 1 video (kitchen_03 29.97 fps); at Label Studio's default 24 fps (no probed rate, no task fps) for 1 video (kitchen_02)`,
      `${FIXTURE}: 1 task gives an "fps" that is not the video's probed rate (kitchen_01: task 25 fps, probed 29.97 fps); the probed rate was used: if Label Studio played them at the task's rate, their frames are off by the ratio`,
      `${FIXTURE}: 1 video has a variable frame rate (kitchen_01): Label Studio counts frames at one constant rate, so its frame numbers drift from the decoded frames`,
    ]);
  });

  it('--annotator puts every user into one layer; importing again replaces, not adds', async () => {
    const first = await importFile(project, FIXTURE, { annotator: 'alice', markReviewed: true });
    expect(first).toMatchObject({ annotator: 'alice', annotators: ['alice'], segments: 4 });
    expect(first.reviewed).toEqual({ marked: 2, already: 0 });
    expect(first.warnings).toContain(
      `${FIXTURE}: the annotations of 2 Label Studio user(s) (ann@example.org, ls-user-1) all went into the layer of "alice" (--annotator); 1 video(s) hold annotations of more than one of them`,
    );
    const again = await importFile(project, FIXTURE, { annotator: 'alice' });
    expect(again.replaced).toBe(4 + 3);
    expect(layerRows().map((r) => r[4])).toEqual(['alice', 'alice', 'alice', 'alice']);
    expect(suggestionRows()).toHaveLength(3);
    expect(listRuns(project.db)).toHaveLength(1);
    const statuses = rows('SELECT id, review_status FROM videos ORDER BY id');
    expect(statuses).toEqual([
      ['kitchen_01', 'reviewed'],
      ['kitchen_02', 'reviewed'],
      ['kitchen_03', 'unreviewed'],
    ]);
  });

  it('a file whose two tasks are one video changes nothing, and says which tasks', async () => {
    await importFile(project, FIXTURE);
    const before = projectDigest(project.db);
    const doc = fixtureDoc();
    doc[2]!.data = { video: 'kitchen_01.mp4' };
    const file = writeJson(dir, 'twice.json', doc);
    await expect(importFile(project, file)).rejects.toThrow(
      `${file}: [2]: its video "kitchen_01.mp4" is video "kitchen_01", as is the video of the task at [0]; a video takes one task (merge them in Label Studio, or import them from two files)`,
    );
    expect(projectDigest(project.db)).toBe(before);
  });

  it('labels that the active label set lacks are imported as they are, and named', async () => {
    setActiveLabelSet(project.db, createLabelSet(project.db, 'kitchen', ['Chopping', 'Washing']));
    const summary = await importFile(project, FIXTURE);
    expect(summary.warnings).toContain(
      `${FIXTURE}: 1 label(s) are not in the active label set "kitchen": "Stirring" (imported as they are)`,
    );
    expect(layerRows().filter((r) => r[3] === 'Stirring')).toHaveLength(1);
  });

  it('a file over the size limit is refused before reading, naming the file', async () => {
    await expect(importFile(project, FIXTURE, { maxBytes: 1000 })).rejects.toThrow(
      /video-timeline-export\.json: .* is larger than the .* an import accepts$/,
    );
  });
});
