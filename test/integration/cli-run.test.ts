import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../main/project/project.ts';
import { listRuns, readSnippetScores } from '../../main/project/runs.ts';
import { readSnippetFeatures } from '../../main/project/snippetFeatures.ts';
import { BIN, cli, NODE } from '../fixtures/cliRun.ts';
import { FEATURE_MODEL_SIZE, writeFeatureModel } from '../fixtures/featureModel.ts';
import { motionTestVideo } from '../fixtures/videos.ts';

/**
 * `actionline run` as a user runs it (issue 26, item 3): a model run over a project's videos,
 * stored as the app stores one, resumed over the videos it lacks with its own settings; the
 * real bin, the built-in `motion` model on one inference thread, real project files.
 */
let dir = '';
let projectFile = '';

const withProject = <T>(read: (p: Project) => T): T => {
  const project = Project.open(projectFile);
  try {
    return read(project);
  } finally {
    project.close();
  }
};

/** Per video of the run: its snippet count and its suggested segments. */
const stored = (runId: number) =>
  withProject((p) =>
    Object.fromEntries(
      ['first', 'second'].map((id) => {
        const snippets = p.db
          .prepare('SELECT count(*) AS n FROM snippet_scores WHERE run_id = ? AND video_id = ?')
          .get(runId, id) as { n: number };
        const suggested = p.db
          .prepare(
            `SELECT count(*) AS n FROM segments
             WHERE run_id = ? AND video_id = ? AND product = 'suggested'`,
          )
          .get(runId, id) as { n: number };
        return [id, { scores: snippets.n > 0, suggestions: suggested.n }];
      }),
    ),
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-run-cli-'));
  const motion = await motionTestVideo();
  for (const name of ['first', 'second']) copyFileSync(motion.path, path.join(dir, `${name}.mp4`));
  projectFile = path.join(dir, 'p.actionline');
  const added = await cli(['add', projectFile, dir]);
  expect(added.code, added.stderr).toBe(0);
});

describe('actionline run', () => {
  it('runs a model over the videos asked for and stores the run; its id on stdout', async () => {
    const r = await cli([
      ...['run', projectFile, '--videos', 'first', '--model', 'motion'],
      ...['--interval', '0.5', '--exact-frames', '--threads', '1'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('1');
    const [run] = withProject((p) => listRuns(p.db));
    expect(run).toMatchObject({
      id: 1,
      modelId: 'motion',
      params: { plan: 'interval', intervalSec: 0.5, exactFrames: true },
    });
    const after = stored(1);
    expect(after.first!.scores).toBe(true);
    expect(after.first!.suggestions).toBeGreaterThan(0);
    expect(after.second).toEqual({ scores: false, suggestions: 0 });
  });

  it('--resume scores the videos the run lacks, with its own settings; refuses new ones', async () => {
    const refused = await cli(['run', projectFile, '--resume', '1', '--interval', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "--resume runs with run 1's own settings: leave out --interval",
    );

    const r = await cli(['run', projectFile, '--resume', '1', '--threads', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('resuming run 1 (motion): 1 videos scored, 1 to go');
    expect(r.stdout.trim()).toBe('1');
    const after = stored(1);
    expect(after.second).toEqual(after.first);
    expect(withProject((p) => listRuns(p.db)).map((x) => x.id)).toEqual([1]);

    const again = await cli(['run', projectFile, '--resume', '1']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('no video left to score');
  });

  it('says what is wrong and changes nothing: no project, an unknown video or run', async () => {
    const missing = path.join(dir, 'typo.actionline');
    const noProject = await cli(['run', missing]);
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain(`no project file ${missing}`);
    expect(existsSync(missing)).toBe(false);

    const noVideo = await cli(['run', projectFile, '--videos', 'first,third']);
    expect(noVideo.code).toBe(2);
    expect(noVideo.stderr).toContain('third');
    const noRun = await cli(['run', projectFile, '--resume', '7']);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toContain('this project has no run 7');
    expect(withProject((p) => listRuns(p.db)).map((x) => x.id)).toEqual([1]);
  });

  it('Ctrl-C keeps the videos done, whole; --resume scores the rest', async () => {
    const child = spawn(NODE, [BIN, 'run', projectFile, '--threads', '1', '--interval', '0.25']);
    let stderr = '';
    let stdout = '';
    let interrupted = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      // The first video is stored: interrupt the second, once, as a user at the terminal would.
      if (!interrupted && /scored first/.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const runId = Number(stdout.trim());
    const after = stored(runId);
    // The kill may come after the second video was stored too; either way no video is half there.
    for (const v of Object.values(after)) expect(v.scores).toBe(v.suggestions > 0);
    if (code === 1) {
      expect(stderr).toContain(`--resume ${runId}\` scores the rest`);
      expect(after.second).toEqual({ scores: false, suggestions: 0 });
      const resumed = await cli(['run', projectFile, '--resume', String(runId), '--threads', '1']);
      expect(resumed.code, resumed.stderr).toBe(0);
    } else {
      expect(code, stderr).toBe(0);
    }
    const done = stored(runId);
    expect(done.first!.scores && done.second!.scores).toBe(true);
  });

  it("a backbone's features are stored beside its scores, one row of features a snippet", async () => {
    const manifest = writeFeatureModel(path.join(dir, 'feature-model'));
    const r = await cli([
      ...['run', projectFile, '--videos', 'first', '--model', manifest],
      ...['--interval', '0.5', '--threads', '1'],
    ]);
    expect(r.code, r.stderr).toBe(0);
    const runId = Number(r.stdout.trim());
    withProject((p) => {
      const features = readSnippetFeatures(p.db, runId, 'first');
      const scores = readSnippetScores(p.db, runId, 'rgb', 'first');
      expect(features!.dim).toBe(FEATURE_MODEL_SIZE);
      expect(features!.values.length).toBe(scores!.snippetCenterSec.length * FEATURE_MODEL_SIZE);
      expect(features!.values.every((v) => Number.isFinite(v) && v >= 0)).toBe(true); // after a Relu
      // motion names no features output: its run stores none.
      expect(readSnippetFeatures(p.db, 1, 'first')).toBeNull();
    });
  });

  it("prelabel's help points to run for work that should land in a project", async () => {
    const r = await cli(['prelabel', '--help']);
    expect(r.stdout).toMatch(/actionline run/);
  });
});
