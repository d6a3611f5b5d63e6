import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../main/app/appCore.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';
import type { LearningCurveView } from '../../../shared/eval/learningCurve.ts';
import type { HeadView } from '../../../shared/heads/headView.ts';
import type { AnalysisStatus } from '../../../shared/ipc/contract.ts';
import type { VideoDetail, VideoSummary } from '../../../shared/project/views.ts';
import type { Result } from '../../../shared/result.ts';
import { COLOUR_VIDEOS, writeAppearanceVideos } from '../../fixtures/appearanceVideos.ts';
import { writeFeatureModel } from '../../fixtures/featureModel.ts';

/**
 * The heads:* requests over a real project (issue 26, item 6), through the one router with
 * the real analysis worker and training thread: training refused with nothing stored until a
 * video is reviewed, then trained from the annotator's review, listed with its held-out
 * metrics, applied to the unreviewed videos (their suggestions become the head's, and the
 * project view says how unsure it is of each), refused a taken name, deleted.
 */
const VIDEOS = COLOUR_VIDEOS;

let dir = '';
let core: AppCore;
let router: Router;
let backbone = '';
let truth: Awaited<ReturnType<typeof writeAppearanceVideos>> = {};
let ended: ((s: AnalysisStatus) => void) | null = null;

async function handle<T>(channel: string, request: unknown): Promise<Result<T>> {
  return (await router.handle(channel, request)) as Result<T>;
}
async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = await handle<T>(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}
/** Starts a run with `start` and waits for its end. */
async function runToEnd(start: () => Promise<AnalysisStatus>): Promise<AnalysisStatus> {
  const end = new Promise<AnalysisStatus>((resolve) => (ended = resolve));
  await start();
  return end;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-heads-'));
  truth = await writeAppearanceVideos(dir, VIDEOS);
  backbone = writeFeatureModel(path.join(dir, 'backbone'));
  core = createAppCore({
    shell: 'web',
    mediaUrlOf: (id) => `/media/${id}`,
    device: 'cpu',
    threads: 1,
    annotator: 'ana',
    cacheDir: path.join(dir, 'cache'),
    emit: (event, payload) => {
      const status = payload as AnalysisStatus;
      if (event === 'analysis:status' && status.state !== 'running') ended?.(status);
    },
  });
  router = createRouter(core.handlers);
  await ok('project:open', { file: path.join(dir, 'p.actionline'), create: true });
  await ok('videos:add', { paths: Object.keys(VIDEOS).map((id) => path.join(dir, `${id}.mp4`)) });
  await ok('labels:createSet', { kind: 'custom', name: 'warehouse', labels: ['pick', 'scan'] });
});
afterAll(async () => {
  await core?.close();
});

describe('heads from the app', () => {
  it('refuses to train before a video is reviewed, saying what to do, and stores nothing', async () => {
    const refused = await handle('heads:train', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(!refused.ok && refused.error.message).toMatch(/^no video is reviewed yet/);
    expect(await ok<HeadView[]>('heads:list', {})).toEqual([]);
  });

  it('trains on the reviewed videos and lists the head with its held-out metrics', async () => {
    const run = await runToEnd(() =>
      ok('analysis:start', { videoIds: Object.keys(VIDEOS), model: backbone, intervalSec: 0.5 }),
    );
    expect(run.done).toHaveLength(4);
    for (const id of ['v1', 'v2', 'v3']) {
      for (const s of truth[id]!) await ok('segment:add', { videoId: id, ...s });
      await ok('video:setReview', { videoId: id, status: 'reviewed' });
    }
    const head = await ok<HeadView>('heads:train', { name: 'colours' });
    expect(head).toMatchObject({
      name: 'colours',
      annotator: 'ana',
      videoCount: 3,
      labels: ['background', 'pick', 'scan'],
      backbone: { modelId: 'tiny-features', runId: run.runId },
    });
    expect(head.perClass.map((c) => c.label)).toEqual(['background', 'pick', 'scan']);
    expect(head.perClass.every((c) => c.count > 0)).toBe(true);
    expect(head.heldOutVideoIds).toHaveLength(1);
    expect(head.accuracy).toBeGreaterThan(0.8);
    expect((await ok<HeadView[]>('heads:list', {})).map((h) => h.name)).toEqual(['colours']);
  });

  it('applies the head to the unreviewed video: its suggestions become the head’s', async () => {
    const before = await ok<VideoDetail>('video:get', { videoId: 'v4' });
    expect(before.segments.every((s) => !['pick', 'scan'].includes(s.label))).toBe(true);
    let notes: string[] = [];
    const run = await runToEnd(async () => {
      const applied = await ok<{ status: AnalysisStatus; notes: string[] }>('heads:apply', {
        name: 'colours',
      });
      notes = applied.notes;
      return applied.status;
    });
    expect(notes).toEqual([]);
    expect(run).toMatchObject({ state: 'finished', done: ['v4'], failures: [] });
    const after = await ok<VideoDetail>('video:get', { videoId: 'v4' });
    expect(after.segments.map((s) => [s.label, s.provenance, s.runId])).toEqual([
      ['scan', 'predicted', run.runId],
      ['pick', 'predicted', run.runId],
    ]);
    // Its video labels are the head's run's too, not the backbone's beside them.
    const predicted = after.labels.filter((l) => l.kind === 'predicted');
    expect(predicted.length).toBeGreaterThan(0);
    expect(predicted.every((l) => l.runId === run.runId)).toBe(true);
    const videos = await ok<VideoSummary[]>('videos:list', {});
    const v4 = videos.find((v) => v.id === 'v4')!;
    expect(v4.headUncertainty).toMatchObject({ head: 'colours', runId: run.runId });
    expect(v4.headUncertainty!.value).toBeGreaterThanOrEqual(0);
    expect(v4.headUncertainty!.value).toBeLessThan(1);
    expect(v4.undecidedPredictions).toBe(2);
    expect(videos.filter((v) => v.headUncertainty !== null).map((v) => v.id)).toEqual(['v4']);
  });

  it('gives the learning curve: the head against the videos it learnt from, the review cost', async () => {
    const curve = await ok<LearningCurveView>('eval:learningCurve', {});
    expect(curve.annotator).toBe('ana');
    expect(curve.heads).toMatchObject([{ name: 'colours', reviewedVideos: 3 }]);
    expect(curve.heads[0]!.accuracy).toBeGreaterThan(0.8);
    // Marked reviewed in this order; no editor recorded actions here.
    expect(curve.reviews.map((r) => [r.order, r.videoId, r.actionsPerMin])).toEqual([
      [1, 'v1', null],
      [2, 'v2', null],
      [3, 'v3', null],
    ]);
    await ok('review:record', { videoId: 'v2', activeMs: 30_000, actions: 10 });
    const recorded = await ok<LearningCurveView>('eval:learningCurve', {});
    expect(recorded.reviews[1]).toMatchObject({ videoId: 'v2', actions: 10, actionsPerMin: 30 });
  });

  it('refuses a taken name and deletes, changing nothing else', async () => {
    const taken = await handle('heads:train', { name: 'colours' });
    expect(!taken.ok && taken.error.message).toContain('has a head "colours" already');
    expect(await handle('heads:train', { name: 'no spaces' })).toMatchObject({ ok: false });
    expect(await ok<HeadView[]>('heads:delete', { name: 'colours' })).toEqual([]);
    const gone = await handle('heads:apply', { name: 'colours' });
    expect(!gone.ok && gone.error.message).toContain('no head "colours"');
  });
});
