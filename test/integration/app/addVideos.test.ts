import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addVideos } from '../../../main/app/addVideos.ts';
import { videoSummaries } from '../../../main/app/videoSummaries.ts';
import { Project } from '../../../main/project/project.ts';
import { getVideo, upsertVideo } from '../../../main/project/videos.ts';
import { badVideoFiles, motionTestVideo } from '../../fixtures/videos.ts';

/** Adding media to a project: real ffprobe on generated videos, a real project file. */
let dir: string;
let project: Project;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-add-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
});
afterAll(() => project.close());

describe('addVideos', () => {
  it('probes each file, stores exact media facts, and goes on past bad files', async () => {
    const motion = await motionTestVideo();
    const folder = path.join(dir, 'media');
    mkdirSync(folder);
    copyFileSync(motion.path, path.join(folder, 'clip_a.mp4'));
    const bad = await badVideoFiles(folder);
    const outcome = await addVideos(project.db, [folder, bad.missing]);

    expect(outcome.added.map((v) => v.id)).toEqual(['clip_a']);
    const video = getVideo(project.db, 'clip_a')!;
    expect(video).toMatchObject({ fpsNum: 25, fpsDen: 1, widthPx: 320, heightPx: 180 });
    expect(video.durationSec).toBeCloseTo(16, 1);
    // empty, text, truncated and audio-only files in the folder, plus the missing path.
    expect(outcome.failures).toHaveLength(5);
    for (const f of outcome.failures) {
      expect(f.message).toContain(f.path);
      expect(f.message).not.toMatch(/\n\s+at /);
    }
  });

  it('links media to a video known by metadata only, and refuses a second file with the same id', async () => {
    upsertVideo(project.db, { id: 'gt_only', durationSec: 16, subset: 'validation' });
    const motion = await motionTestVideo();
    const other = path.join(dir, 'elsewhere');
    mkdirSync(other);
    copyFileSync(motion.path, path.join(other, 'gt_only.mp4'));
    copyFileSync(motion.path, path.join(other, 'clip_a.mp4'));
    const outcome = await addVideos(project.db, [other]);

    expect(outcome.added.map((v) => v.id)).toEqual(['gt_only']);
    expect(getVideo(project.db, 'gt_only')).toMatchObject({
      subset: 'validation',
      path: path.join(other, 'gt_only.mp4'),
    });
    expect(outcome.failures).toHaveLength(1);
    expect(outcome.failures[0]!.message).toMatch(/both have video id "clip_a"/);
    expect(videoSummaries(project.db, null).map((v) => v.id)).toEqual(['clip_a', 'gt_only']);
  });
});
