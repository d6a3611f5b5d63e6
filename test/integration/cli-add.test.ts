import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { videoSummaries } from '../../main/app/videoSummaries.ts';
import { Project } from '../../main/project/project.ts';
import { getVideo } from '../../main/project/videos.ts';
import { cli } from '../fixtures/cliRun.ts';
import { motionTestVideo, type MotionTestVideo } from '../fixtures/videos.ts';

/**
 * The README's headless path as a user runs it: `prelabel --task labelling`, `import` of its
 * results and `add` of the media, through the real bin, on a generated video, the built-in
 * `motion` model (one inference thread) and a real project file.
 */
let dir = '';
let motion: MotionTestVideo;
let media = '';
let clip = '';
let notVideo = '';

const withProject = <T>(file: string, read: (p: Project) => T): T => {
  const project = Project.open(file);
  try {
    return read(project);
  } finally {
    project.close();
  }
};

const productsOf = (file: string, videoId: string) =>
  withProject(file, (p) =>
    (
      p.db
        .prepare('SELECT product FROM segments WHERE video_id = ? AND annotator_id IS NULL')
        .all(videoId) as { product: string | null }[]
    ).map((r) => r.product),
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-add-cli-'));
  motion = await motionTestVideo();
  media = path.join(dir, 'media');
  mkdirSync(media);
  clip = path.join(media, 'walk.mp4');
  copyFileSync(motion.path, clip);
  notVideo = path.join(media, 'notes.mp4');
  writeFileSync(notVideo, 'This is a text file, not a video.\n');
});

describe('the headless path: prelabel --task labelling, import, add', () => {
  it('the results file says it holds suggestions, imports as suggestions, and add links its media', async () => {
    const out = path.join(dir, 'labelling.json');
    const pre = await cli([
      ...['prelabel', clip, '--model', 'motion', '--task', 'labelling'],
      ...['--out', out, '--threads', '1'],
    ]);
    expect(pre.code, pre.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    // Still an ActivityNet results file (the official evaluator needs these three) …
    expect(doc).toMatchObject({ version: 'VERSION 1.3', external_data: { used: false } });
    const entries = (doc.results as Record<string, unknown[]>)['walk']!;
    expect(entries).toHaveLength(motion.movingIntervalsSec.length);
    // … with a key of its own saying which of a run's two products it holds.
    expect(doc.actionline).toEqual({ product: 'suggestions' });

    const projectFile = path.join(dir, 'headless.actionline');
    const imported = await cli(['import', projectFile, out]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toMatch(/2 suggestions/);
    expect(productsOf(projectFile, 'walk')).toEqual(['suggested', 'suggested']);
    withProject(projectFile, (p) => {
      const [summary] = videoSummaries(p.db, null);
      expect(summary).toMatchObject({ id: 'walk', path: null, undecidedPredictions: 2 });
    });

    // The media folder holds the clip and a text file named .mp4: the clip is linked, the
    // other named with its reason, and the batch goes on past it.
    const added = await cli(['add', projectFile, media]);
    expect(added.stdout).toContain(`linked ${clip} to "walk" (known by metadata only)`);
    expect(added.stderr).toMatch(new RegExp(`failed: ${notVideo}: .+`));
    expect(added.stderr).toMatch(/1 linked, 1 failed/);
    expect(added.code).toBe(1);
    withProject(projectFile, (p) => {
      expect(getVideo(p.db, 'walk')).toMatchObject({ path: clip, fpsNum: 25, fpsDen: 1 });
    });
    expect(productsOf(projectFile, 'walk')).toEqual(['suggested', 'suggested']);
  });
});

describe('actionline add', () => {
  it('says per file what it did, exits 0 when every file is in the project', async () => {
    const projectFile = path.join(dir, 'add.actionline');
    const first = await cli(['add', projectFile, clip]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`added ${clip} as "walk"\n`);
    expect(first.stderr).toMatch(/1 added/);

    const again = await cli(['add', projectFile, clip]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(`already in the project: ${clip} as "walk"\n`);

    // Another file with the same id: refused, naming both files.
    const other = path.join(dir, 'elsewhere');
    mkdirSync(other);
    const twin = path.join(other, 'walk.mp4');
    copyFileSync(motion.path, twin);
    const clash = await cli(['add', projectFile, twin]);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toContain(`failed: ${clip} and ${twin} both have video id "walk"`);
    withProject(projectFile, (p) => expect(getVideo(p.db, 'walk')!.path).toBe(clip));
  });

  it('--prelabel runs the model into the project: snippet scores kept, suggestions to review', async () => {
    const projectFile = path.join(dir, 'scored.actionline');
    const r = await cli([
      ...['add', projectFile, clip, '--prelabel', '--model', 'motion', '--threads', '1'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/run 1/);
    withProject(projectFile, (p) => {
      const scores = p.db
        .prepare('SELECT count(*) AS n FROM snippet_scores WHERE video_id = ?')
        .get('walk') as { n: number };
      expect(scores.n).toBeGreaterThan(0);
      const [summary] = videoSummaries(p.db, null);
      expect(summary!.undecidedPredictions).toBe(motion.movingIntervalsSec.length);
    });
    expect(productsOf(projectFile, 'walk')).toContain('suggested');
  });

  it('--help says how it differs from queue add and how to get scores', async () => {
    const r = await cli(['add', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/queue add/);
    expect(r.stdout).toMatch(/--prelabel/);
  });
});
