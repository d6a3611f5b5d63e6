import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  labelStudioText,
  labelStudioUserIds,
} from '../../../../../main/formats/export/labelStudioExport.ts';
import { importFile } from '../../../../../main/formats/import/importFile.ts';
import { Project } from '../../../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../../../main/project/runs.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { insertSegment, tempProject } from './exportFixtures.ts';

/**
 * Label Studio tasks from a project: frames, users, suggestions, the config beside it; and
 * the round trip project → Label Studio → new project, equal within one frame.
 */

function labelStudioProject(): Project {
  const project = tempProject();
  const db = project.db;
  upsertVideo(db, { id: 'clip', path: '/m/clip.mp4', fpsNum: 25, fpsDen: 1 });
  upsertVideo(db, {
    id: 'ntsc',
    path: '/m/ntsc.mkv',
    fpsNum: 30000,
    fpsDen: 1001,
    variableFrameRate: true,
  });
  upsertVideo(db, { id: 'yt', url: 'https://www.youtube.com/watch?v=yt' });
  const alice = project.annotator('alice').id;
  const bob = project.annotator('bob').id;
  const lsUser = project.annotator('ls-user-1').id;
  const segment = (
    videoId: string,
    startSec: number,
    endSec: number,
    label: string,
    annotatorId: number,
    provenance: 'imported' | 'manual' | 'accepted' | 'rejected' = 'imported',
  ) => insertSegment(db, { videoId, startSec, endSec, label, provenance, annotatorId });
  segment('clip', 1, 3, 'Chopping', alice);
  segment('clip', 4, 4, 'Stirring', alice, 'manual');
  segment('clip', 6, 7, 'Chopping', alice, 'rejected');
  segment('clip', 0, 0.04, 'Stirring', lsUser);
  segment('ntsc', 0.5, 2, 'Washing', bob, 'accepted');
  const streams = [{ stream: 'rgb', modelId: 'tsn-x', weight: 1, labels: [] }];
  const run = createRun(db, { modelId: 'tsn-x', streams });
  replacePredictions(
    db,
    run,
    'clip',
    [{ startSec: 0, endSec: 9, label: 'Chopping', score: 0.3 }],
    [],
    [
      { startSec: 1, endSec: 2, label: 'Chopping', score: 0.8 },
      { startSec: 3, endSec: 3.5, label: 'Stirring', score: 0.6 },
    ],
  );
  return project;
}

const region = (id: string, start: number, end: number, label: string, score?: number) => ({
  id,
  type: 'timelinelabels',
  from_name: 'actions',
  to_name: 'video',
  value: { ranges: [{ start, end }], timelinelabels: [label] },
  ...(score === undefined ? {} : { score }),
});
const annotation = (completedBy: number, result: unknown[]) => ({
  completed_by: completedBy,
  was_cancelled: false,
  ground_truth: false,
  result,
});

describe('labelStudioUserIds', () => {
  it('keeps Label Studio user ids, else the annotator id, else the next free number', () => {
    const ids = labelStudioUserIds([
      { id: 1, name: 'alice' },
      { id: 2, name: 'bob' },
      { id: 3, name: 'ls-user-1' },
      { id: 4, name: 'ls-user-07' },
      { id: 5, name: 'ann@example.org' },
    ]);
    expect([...ids].sort(([a], [b]) => a - b)).toEqual([
      [1, 6],
      [2, 2],
      [3, 1],
      [4, 4],
      [5, 5],
    ]);
  });
});

describe('labelStudioText', () => {
  it('writes one task per video: file name and probed fps, users as annotations, suggestions', () => {
    const project = labelStudioProject();
    try {
      const result = labelStudioText(project.db);
      expect(JSON.parse(result.text)).toEqual([
        {
          data: { video: 'clip.mp4', fps: 25 },
          annotations: [
            annotation(1, [region('u1-1', 1, 1, 'Stirring')]),
            annotation(4, [
              region('u4-1', 26, 75, 'Chopping'),
              region('u4-2', 101, 101, 'Stirring'),
            ]),
          ],
          predictions: [
            {
              model_version: 'tsn-x',
              score: (0.8 + 0.6) / 2,
              result: [
                region('r1-1', 26, 50, 'Chopping', 0.8),
                region('r1-2', 76, 88, 'Stirring', 0.6),
              ],
            },
          ],
        },
        {
          data: { video: 'ntsc.mkv', fps: 30000 / 1001 },
          annotations: [annotation(2, [region('u2-1', 16, 60, 'Washing')])],
          predictions: [],
        },
        { data: { video: 'yt', fps: 24 }, annotations: [], predictions: [] },
      ]);
      expect(result).toMatchObject({ videoCount: 3, itemCount: 6 });
      expect(result.notes![0]).toBe(
        'completed_by: 1 = "ls-user-1", 2 = "bob", 4 = "alice" (Label Studio imports annotations only where completed_by is the user id of a member of its organisation: create those users, or change the ids, before importing)',
      );
      expect(result.notes![1]).toMatch(
        /^from each video's newest run: run 1 \(tsn-x, .*\) for 1 video$/,
      );
      expect(result.warnings).toEqual([
        "1 video(s) have no probed frame rate (yt): written with fps 24, Label Studio's default; link and probe their media for frame-exact ranges",
        '1 video(s) have a variable frame rate (ntsc): Label Studio counts frames at one constant rate (their nominal fps is written), so its frame numbers drift from the decoded frames',
        '1 segment(s) shorter than a frame (or of no length) written as the one frame they start in',
      ]);
      expect(result.companions).toEqual([
        {
          suffix: '.config.xml',
          text:
            '<View>\n' +
            '  <Video name="video" value="$video" frameRate="$fps" timelineHeight="120"/>\n' +
            '  <TimelineLabels name="actions" toName="video">\n' +
            '    <Label value="Chopping"/>\n' +
            '    <Label value="Stirring"/>\n' +
            '    <Label value="Washing"/>\n' +
            '  </TimelineLabels>\n' +
            '</View>\n',
        },
      ]);
    } finally {
      project.close();
    }
  });

  it("one annotator's layer, one run, one subset", () => {
    const project = labelStudioProject();
    try {
      const bob = project.annotator('bob').id;
      const tasks = JSON.parse(labelStudioText(project.db, { annotatorId: bob, runId: 1 }).text);
      expect(tasks.map((t: { annotations: unknown[] }) => t.annotations.length)).toEqual([0, 1, 0]);
      expect(tasks[0].predictions).toHaveLength(1);
      const none = labelStudioText(project.db, { subset: 'training', missingSubset: 'validation' });
      expect(none).toMatchObject({ text: '[]\n', videoCount: 0, notes: [] });
    } finally {
      project.close();
    }
  });
});

describe('labelStudioText, ranked detections on request', () => {
  it("puts the run's ranked detections in the prediction instead of its suggestions", () => {
    const project = labelStudioProject();
    try {
      const tasks = JSON.parse(labelStudioText(project.db, { product: 'ranked' }).text);
      // [0, 9) s at 25 fps: frames 1–225.
      expect(tasks[0].predictions).toEqual([
        expect.objectContaining({
          result: [
            expect.objectContaining({
              value: { ranges: [{ start: 1, end: 225 }], timelinelabels: ['Chopping'] },
              score: 0.3,
            }),
          ],
        }),
      ]);
      const suggested = JSON.parse(labelStudioText(project.db, {}).text);
      expect(suggested[0].predictions[0].result).toHaveLength(2);
    } finally {
      project.close();
    }
  });
});

describe('project → Label Studio → new project', () => {
  it('gives back every segment and suggestion within one frame, users by their number', async () => {
    const project = labelStudioProject();
    const file = path.join(path.dirname(project.file), 'tasks.json');
    const fpsOf: Record<string, number> = { clip: 25, ntsc: 30000 / 1001, yt: 24 };
    let before: Row[];
    try {
      writeFileSync(file, labelStudioText(project.db).text);
      before = segments(project);
    } finally {
      project.close();
    }
    const copy = Project.open(path.join(path.dirname(file), 'copy.actionline'), { create: true });
    try {
      await importFile(copy, file);
      const after = segments(copy);
      const rename: Record<string, string> = { alice: 'ls-user-4', bob: 'ls-user-2' };
      expect(after.map((r) => [r.video, r.label, r.layer, r.score])).toEqual(
        before.map((r) => [r.video, r.label, rename[r.layer] ?? r.layer, r.score]).sort(byText),
      );
      const sorted = [...before].sort((a, b) => byText(key(a, rename), key(b, rename)));
      after.forEach((r, i) => {
        const frameSec = 1 / fpsOf[r.video]!;
        const was = sorted[i]!;
        expect(r.startSec - was.startSec).toBeGreaterThanOrEqual(-1e-9);
        expect(r.startSec - was.startSec).toBeLessThan(frameSec);
        // A segment of no length comes back as the frame it starts in.
        expect(r.endSec - Math.max(was.endSec, was.startSec + 1e-9)).toBeLessThan(frameSec + 1e-9);
        expect(r.endSec).toBeGreaterThanOrEqual(was.endSec - 1e-9);
      });
    } finally {
      copy.close();
    }
  });
});

interface Row {
  video: string;
  label: string;
  layer: string;
  score: number | null;
  startSec: number;
  endSec: number;
}

const key = (r: Row, rename: Record<string, string>) => [
  r.video,
  r.label,
  rename[r.layer] ?? r.layer,
  r.score,
];

function byText(a: unknown[], b: unknown[]): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The annotators' exported segments and the suggestions, as rows sorted like `key`. */
function segments(project: Project): Row[] {
  const rows = project.db
    .prepare(
      `SELECT s.video_id AS video, s.label, coalesce(a.name, 'suggestion') AS layer,
         CASE WHEN s.annotator_id IS NULL THEN s.score END AS score,
         s.start_sec AS startSec, s.end_sec AS endSec
       FROM segments s LEFT JOIN annotators a ON a.id = s.annotator_id
       WHERE (s.annotator_id IS NOT NULL AND s.provenance <> 'rejected')
          OR (s.annotator_id IS NULL AND s.product = 'suggested')`,
    )
    .all() as unknown as Row[];
  return rows.sort((a, b) => byText(key(a, {}), key(b, {})));
}
