import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addVideos } from '../../../main/app/addVideos.ts';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { listImports } from '../../../main/formats/import/importLog.ts';
import { Project } from '../../../main/project/project.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';
import { tempDir } from './importFixtures.ts';

/**
 * Frame-based labels imported before their media (FiftyOne supports count decoded frames,
 * read at an assumed 30 fps) move to the probed rate when the video is added: real ffprobe
 * on a generated 25 fps video, a real project file. Label Studio's frames are not moved.
 */

let motionPath: string;
beforeAll(async () => {
  motionPath = (await motionTestVideo()).path;
});

function segments(project: Project, videoId: string) {
  return project.db
    .prepare(
      `SELECT s.start_sec AS startSec, s.end_sec AS endSec, a.name AS layer FROM segments s
       JOIN annotators a ON a.id = s.annotator_id WHERE s.video_id = ? ORDER BY s.start_sec`,
    )
    .all(videoId) as { startSec: number; endSec: number; layer: string }[];
}

function fiftyOneFile(dir: string, videoId: string): string {
  const file = path.join(dir, `${videoId}-labels.json`);
  // Frames 31–60 at the assumed 30 fps: [1, 2) s; at the true 25 fps: [1.2, 2.4) s.
  const labels = { classes: ['Run'], labels: { [videoId]: [{ label: 0, support: [31, 60] }] } };
  writeFileSync(file, JSON.stringify(labels));
  return file;
}

describe('frame-based imports re-mapped when the media is probed', () => {
  it('moves FiftyOne frames from the assumed 30 fps to the probed 25 fps, once', async () => {
    const dir = tempDir('remap');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      await importFile(project, fiftyOneFile(dir, 'clip'));
      expect(segments(project, 'clip')[0]).toMatchObject({ startSec: 1, endSec: 2 });

      const media = path.join(dir, 'clip.mp4');
      copyFileSync(motionPath, media);
      const outcome = await addVideos(project.db, [media]);
      const [moved] = segments(project, 'clip');
      expect(moved!.startSec).toBeCloseTo(1.2, 9);
      expect(moved!.endSec).toBeCloseTo(2.4, 9);
      expect(outcome.notes.map((n) => n.message)).toEqual([
        `${media}: 1 imported segment re-mapped from 30 fps (assumed when ${dir}/clip-labels.json was imported) to the probed 25 fps`,
      ]);
      const record = listImports(project.db)[0]!;
      expect(record.frameRates).toEqual({});
      expect(record.remapped).toEqual({ clip: { fromFps: 30, toFps: 25, segments: 1 } });

      const again = await addVideos(project.db, [media]);
      expect(again.notes).toEqual([]);
      expect(segments(project, 'clip')[0]!.startSec).toBeCloseTo(1.2, 9);
    } finally {
      project.close();
    }
  });

  it('leaves a layer that a later import wrote again, and says so', async () => {
    const dir = tempDir('remap-later');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      await importFile(project, fiftyOneFile(dir, 'clip'));
      const activityNet = path.join(dir, 'gt.json');
      writeFileSync(
        activityNet,
        JSON.stringify({
          version: 'VERSION 1.3',
          taxonomy: [],
          database: {
            clip: {
              subset: 'validation',
              duration: 16,
              annotations: [{ segment: [3, 4], label: 'Run' }],
            },
          },
        }),
      );
      await importFile(project, activityNet);
      const media = path.join(dir, 'clip.mp4');
      copyFileSync(motionPath, media);
      const outcome = await addVideos(project.db, [media]);
      expect(segments(project, 'clip')).toEqual([
        { startSec: 3, endSec: 4, layer: 'ground truth' },
      ]);
      expect(outcome.notes[0]!.message).toMatch(
        /0 imported segments re-mapped .*; not the layers ground truth, which a later import wrote$/,
      );
    } finally {
      project.close();
    }
  });

  it('does not move Label Studio frames: its player placed them at the rate it read them at', async () => {
    const dir = tempDir('remap-ls');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      const tasks = path.join(dir, 'tasks.json');
      writeFileSync(
        tasks,
        JSON.stringify([
          {
            id: 1,
            data: { video: '/data/upload/1/d5f0a3b1-clip.mp4' },
            annotations: [
              {
                completed_by: 1,
                result: [
                  {
                    type: 'timelinelabels',
                    from_name: 'videoLabels',
                    to_name: 'video',
                    value: { ranges: [{ start: 25, end: 48 }], timelinelabels: ['Run'] },
                  },
                ],
              },
            ],
          },
        ]),
      );
      await importFile(project, tasks);
      const before = segments(project, 'clip');
      expect(before).toHaveLength(1);
      const media = path.join(dir, 'clip.mp4');
      copyFileSync(motionPath, media);
      const outcome = await addVideos(project.db, [media]);
      expect(segments(project, 'clip')).toEqual(before);
      expect(outcome.notes).toEqual([]);
    } finally {
      project.close();
    }
  });
});
