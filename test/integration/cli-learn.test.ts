import { copyFileSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { listHeads } from '../../main/project/heads.ts';
import { Project } from '../../main/project/project.ts';
import { listRuns } from '../../main/project/runs.ts';
import {
  appearanceVideo,
  bg,
  COLOUR_VIDEOS,
  pick,
  scan,
  writeAppearanceVideos,
} from '../fixtures/appearanceVideos.ts';
import { cli } from '../fixtures/cliRun.ts';
import { writeFeatureModel } from '../fixtures/featureModel.ts';

/**
 * The loop of issue 26 through the real bin: add → run a backbone (features stored) →
 * import ground truth of some videos as an annotator's review → train a head → run the head
 * on the others → export. Small generated parts: the 6-value feature model of
 * test/fixtures/featureModel.ts, 20-second videos whose classes are colours.
 */
const VIDEOS = COLOUR_VIDEOS;
const REVIEWED = ['v1', 'v2', 'v3'];

let dir = '';
let projectFile = '';
let modelManifest = '';
let truth: Awaited<ReturnType<typeof writeAppearanceVideos>> = {};

const withProject = <T>(file: string, read: (p: Project) => T): T => {
  const project = Project.open(file);
  try {
    return read(project);
  } finally {
    project.close();
  }
};

const suggestions = (runId: number, videoId: string) =>
  withProject(projectFile, (p) =>
    p.db
      .prepare(
        `SELECT label, start_sec AS startSec, end_sec AS endSec FROM segments
         WHERE run_id = ? AND video_id = ? AND product = 'suggested' ORDER BY start_sec`,
      )
      .all(runId, videoId),
  ) as { label: string; startSec: number; endSec: number }[];

function groundTruthFile(ids: string[]): string {
  const file = path.join(dir, 'reviewed.json');
  const database = Object.fromEntries(
    ids.map((id) => [
      id,
      {
        subset: 'training',
        duration: 20,
        annotations: truth[id]!.map((s) => ({ segment: [s.startSec, s.endSec], label: s.label })),
      },
    ]),
  );
  const taxonomy = [
    { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
    { nodeId: 1, nodeName: 'pick', parentId: 0, parentName: 'Root' },
    { nodeId: 2, nodeName: 'scan', parentId: 0, parentName: 'Root' },
  ];
  writeFileSync(file, JSON.stringify({ version: 'VERSION 1.3', taxonomy, database }));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-learn-cli-'));
  truth = await writeAppearanceVideos(dir, VIDEOS);
  modelManifest = writeFeatureModel(path.join(dir, 'backbone'));
  projectFile = path.join(dir, 'p.actionline');
  const added = await cli([
    'add',
    projectFile,
    ...Object.keys(VIDEOS).map((id) => path.join(dir, `${id}.mp4`)),
  ]);
  expect(added.code, added.stderr).toBe(0);
});

describe('learning the project’s own classes from the command line', () => {
  it('refuses to train before any video is reviewed, and stores nothing', async () => {
    const r = await cli(['train', projectFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no annotator|no video is reviewed/);
    expect(withProject(projectFile, (p) => listHeads(p.db))).toEqual([]);
  });

  it('runs the backbone over every video, storing its features', async () => {
    const r = await cli([
      'run',
      projectFile,
      '--model',
      modelManifest,
      '--threads',
      '1',
      '--interval',
      '0.5',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('1');
    const featured = withProject(projectFile, (p) =>
      p.db.prepare('SELECT count(*) AS n FROM snippet_features WHERE run_id = 1').get(),
    ) as { n: number };
    expect(featured.n).toBe(4);
  });

  it('trains a head on the reviewed videos and prints its held-out metrics', async () => {
    const imported = await cli([
      ...['import', projectFile, groundTruthFile(REVIEWED)],
      ...['--annotator', 'ana', '--mark-reviewed'],
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const r = await cli(['train', projectFile, '--name', 'colours']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('colours');
    expect(r.stderr).toMatch(/class\s+precision\s+recall\s+snippets/);
    expect(r.stderr).toMatch(/^pick\s+\d/m);
    expect(r.stderr).toContain('backbone run 1');
    expect(r.stderr).toMatch(/held-out detection mAP \d/);
    const [head] = withProject(projectFile, (p) => listHeads(p.db));
    expect(head).toMatchObject({
      name: 'colours',
      backbone: { modelId: 'tiny-features', runId: 1 },
      manifest: { schemaVersion: 2, kind: 'head', labels: ['background', 'pick', 'scan'] },
    });
    expect(head!.training.videos.map((v) => v.videoId).sort()).toEqual(REVIEWED);
    // Separable colours: the held-out video is mostly right.
    expect(head!.metrics.accuracy).toBeGreaterThan(0.8);
    expect(head!.metrics.heldOutMap).toBeGreaterThan(0.3);
  });

  it('runs the head on stored features, decoding nothing, then with refined edges', async () => {
    const plain = await cli([
      ...['run', projectFile, '--model', 'head:colours', '--videos', 'v4'],
      '--no-refine-edges',
    ]);
    expect(plain.code, plain.stderr).toBe(0);
    const runId = Number(plain.stdout.trim());
    const run = withProject(projectFile, (p) => listRuns(p.db)).find((x) => x.id === runId)!;
    expect(run.modelId).toBe('head:colours');
    expect(run.params).toMatchObject({ head: { name: 'colours' }, refineEdges: false });
    const found = suggestions(runId, 'v4');
    expect(found.map((s) => s.label)).toEqual(['scan', 'pick']);
    found.forEach((s, k) => {
      expect(Math.abs(s.startSec - truth.v4![k]!.startSec)).toBeLessThanOrEqual(1);
      expect(Math.abs(s.endSec - truth.v4![k]!.endSec)).toBeLessThanOrEqual(1);
    });
    // Its features were the backbone run's: the head's run stored none of its own.
    const own = withProject(projectFile, (p) =>
      p.db.prepare('SELECT count(*) AS n FROM snippet_features WHERE run_id = ?').get(runId),
    ) as { n: number };
    expect(own.n).toBe(0);

    const refined = await cli(['run', projectFile, '--model', 'head:colours', '--videos', 'v4']);
    expect(refined.code, refined.stderr).toBe(0);
    const refinedId = Number(refined.stdout.trim());
    const edges = withProject(projectFile, (p) =>
      p.db
        .prepare('SELECT snippet_count AS n FROM edge_scores WHERE run_id = ? AND video_id = ?')
        .get(refinedId, 'v4'),
    ) as { n: number } | undefined;
    expect(edges?.n).toBeGreaterThan(0);
    const better = suggestions(refinedId, 'v4');
    expect(better.map((s) => s.label)).toEqual(['scan', 'pick']);
    better.forEach((s, k) => {
      expect(Math.abs(s.startSec - truth.v4![k]!.startSec)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(s.endSec - truth.v4![k]!.endSec)).toBeLessThanOrEqual(0.5);
    });
  });

  it('runs backbone and head in one pass on a video without features, and keeps them', async () => {
    const v5 = await appearanceVideo([bg(2), pick(6), bg(4), scan(5), bg(3)]);
    const file = path.join(dir, 'v5.mp4');
    copyFileSync(v5.path, file);
    expect((await cli(['add', projectFile, file])).code).toBe(0);
    const args = ['run', projectFile, '--model', 'head:colours', '--videos', 'v5'];
    const first = await cli([...args, '--no-refine-edges', '--interval', '0.5']);
    expect(first.code, first.stderr).toBe(0);
    const firstId = Number(first.stdout.trim());
    const featuresOf = (runId: number) =>
      (
        withProject(projectFile, (p) =>
          p.db
            .prepare('SELECT count(*) AS n FROM snippet_features WHERE run_id = ? AND video_id = ?')
            .get(runId, 'v5'),
        ) as { n: number }
      ).n;
    expect(featuresOf(firstId)).toBe(1);
    const found = suggestions(firstId, 'v5');
    expect(found.map((s) => s.label)).toEqual(['pick', 'scan']);
    // The next run (the project closed and opened again) finds them: nothing decoded, nothing
    // stored again, the same suggestions.
    const second = await cli([...args, '--no-refine-edges']);
    expect(second.code, second.stderr).toBe(0);
    const secondId = Number(second.stdout.trim());
    expect(featuresOf(secondId)).toBe(0);
    expect(suggestions(secondId, 'v5')).toEqual(found);
  });

  it('exports the newest run per video, the head’s run named', async () => {
    const out = path.join(dir, 'results.json');
    const r = await cli(['export', projectFile, '--format', 'activitynet-results', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as {
      results: Record<string, { label: string }[]>;
    };
    expect(new Set(doc.results.v4!.map((d) => d.label))).toEqual(new Set(['pick', 'scan']));
    expect(r.stderr).toContain('head:colours');
  });

  it('lists, compares and deletes heads', async () => {
    const second = await cli(['train', projectFile, '--name', 'nocontext', '--context', '0']);
    expect(second.code, second.stderr).toBe(0);
    const list = await cli(['heads', 'list', projectFile]);
    expect(list.stdout).toMatch(/^nocontext .*2 classes \(pick, scan\)/m);
    expect(list.stdout).toMatch(/^colours /m);
    const compared = await cli(['heads', 'compare', projectFile, 'colours', 'nocontext']);
    expect(compared.code, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(/^pick\s+[\d.]+% \/ [\d.]+%\s+[\d.]+% \/ [\d.]+%/m);
    const deleted = await cli(['heads', 'delete', projectFile, 'nocontext']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(withProject(projectFile, (p) => listHeads(p.db)).map((h) => h.name)).toEqual([
      'colours',
    ]);
  });

  it('refuses, changing nothing: a taken name, a head from another project, a missing backbone', async () => {
    const runsBefore = withProject(projectFile, (p) => listRuns(p.db)).length;
    const taken = await cli(['train', projectFile, '--name', 'colours']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toContain('has a head "colours" already');

    // Another project with the same videos: the exported head is not its own.
    const exported = path.join(dir, 'exported-head');
    expect((await cli(['heads', 'export', projectFile, 'colours', exported])).code).toBe(0);
    const other = path.join(dir, 'other.actionline');
    expect((await cli(['add', other, path.join(dir, 'v4.mp4')])).code).toBe(0);
    const foreign = await cli(['run', other, '--model', path.join(exported, 'manifest.json')]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain('was trained in another project');
    expect(withProject(other, (p) => listRuns(p.db))).toEqual([]);

    // The backbone moved away: a video without features cannot be scored, nor edges refined.
    const moved = `${path.dirname(modelManifest)}-moved`;
    renameSync(path.dirname(modelManifest), moved);
    try {
      const noBackbone = await cli([
        'run',
        projectFile,
        '--model',
        'head:colours',
        '--videos',
        'v4',
      ]);
      expect(noBackbone.code).toBe(2);
      expect(noBackbone.stderr).toContain('tiny-features');
      expect(noBackbone.stderr).toContain('--no-refine-edges');
      expect(withProject(projectFile, (p) => listRuns(p.db)).length).toBe(runsBefore);
      // Stored features alone still work, with neither the backbone nor the video file there:
      // nothing is decoded.
      const media = path.join(dir, 'v4.mp4');
      renameSync(media, `${media}.away`);
      try {
        const stored = await cli([
          ...['run', projectFile, '--model', 'head:colours', '--videos', 'v4'],
          '--no-refine-edges',
        ]);
        expect(stored.code, stored.stderr).toBe(0);
      } finally {
        renameSync(`${media}.away`, media);
      }
    } finally {
      renameSync(moved, path.dirname(modelManifest));
    }
  });
});
