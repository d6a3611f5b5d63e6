import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../main/app/appSession.ts';
import { createHandlers } from '../../../main/app/handlers.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';
import type { AnalysisStatus } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/result.ts';
import type { VideoDetail } from '../../../shared/project/views.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/**
 * The whole contract as the renderer uses it, through the one router, over a real project,
 * real ffprobe/ffmpeg and the real analysis worker: open, add, run the model, correct,
 * undo/redo, export.
 */
let dir: string;
let router: Router;
const host = new ForkedAnalysisHost();
const session = new AppSession('alice');
let finished: (s: AnalysisStatus) => void;
const runFinished = new Promise<AnalysisStatus>((resolve) => (finished = resolve));

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = (await router.handle(channel, request)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-handlers-'));
  copyFileSync((await motionTestVideo()).path, path.join(dir, 'box.mp4'));
  const analysis = new AnalysisRunner(host, {
    progress: () => {},
    status: (s) => s.state !== 'running' && finished(s),
  });
  router = createRouter(
    createHandlers({
      session,
      analysis,
      shell: 'web',
      mediaUrlOf: (id) => `/media/${id}`,
      device: 'cpu',
      threads: 1,
      onChanged: () => {},
    }),
  );
});
afterAll(async () => {
  session.close();
  await host.close();
});

describe('the contract over a real project', () => {
  it('refuses requests before a project is open and bad payloads, naming the field', async () => {
    expect(await router.handle('videos:list', {})).toMatchObject({
      ok: false,
      error: { message: 'no project is open' },
    });
    const bad = await router.handle('segment:add', {
      videoId: 'x',
      startSec: -1,
      endSec: 2,
      label: 'a',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(JSON.stringify(bad)).toMatch(/startSec/);
  });

  it('opens, adds, runs the model, corrects, undoes and exports', async () => {
    const info = await ok<{ annotator: { name: string } }>('project:open', {
      file: path.join(dir, 'p.actionline'),
      create: true,
    });
    expect(info.annotator.name).toBe('alice');
    await ok('videos:add', { paths: [path.join(dir, 'box.mp4')] });
    const started = await ok<AnalysisStatus>('analysis:start', {
      videoIds: ['box'],
      intervalSec: 0.5,
    });
    expect(started.state).toBe('running');
    expect((await runFinished).done).toEqual(['box']);

    let detail = await ok<VideoDetail>('video:get', { videoId: 'box' });
    const predictions = detail.segments.filter((s) => s.provenance === 'predicted');
    expect(predictions.length).toBeGreaterThanOrEqual(2);
    expect(detail.mediaUrl).toBe('/media/box');
    const scores = await ok<{ scores: Float32Array; labels: string[] }>('scores:get', {
      videoId: 'box',
      runId: started.runId,
    });
    expect(scores.scores).toBeInstanceOf(Float32Array);
    expect(scores.labels).toEqual(['background', 'motion']);

    const [first, second] = predictions as [(typeof predictions)[0], (typeof predictions)[0]];
    await ok('segments:accept', { segmentIds: [first.id] });
    await ok('segment:update', {
      segmentId: second.id,
      label: 'waving',
      endSec: second.endSec + 0.5,
    });
    await ok('segment:add', { videoId: 'box', startSec: 14, endSec: 15, label: 'manual one' });
    await ok('video:confirmLabel', { videoId: 'box', label: 'motion' });
    detail = await ok<VideoDetail>('video:get', { videoId: 'box' });
    expect(detail.history.undoAction).toBe('confirm label motion');

    await ok('history:undo', { videoId: 'box' });
    const undone = await ok<{ history: { redoAction: string } }>('history:undo', {
      videoId: 'box',
    });
    expect(undone.history.redoAction).toBe('add segment');
    await ok('history:redo', { videoId: 'box' });

    const out = path.join(dir, 'gt.json');
    await ok('export:write', { format: 'activitynet', file: out });
    const gt = JSON.parse(readFileSync(out, 'utf8')) as {
      database: Record<string, { annotations: { label: string; segment: [number, number] }[] }>;
    };
    const labels = gt.database.box!.annotations.map((a) => a.label).sort();
    expect(labels).toEqual(['manual one', 'motion', 'waving']);
    const exported = gt.database.box!.annotations.find((a) => a.label === 'waving')!;
    expect(exported.segment).toEqual([second.startSec, second.endSec + 0.5]);

    // The app writes Label Studio's tasks with the labelling config to paste beside them.
    const tasks = path.join(dir, 'tasks.json');
    await ok('export:write', { format: 'label-studio', file: tasks });
    const written = JSON.parse(readFileSync(tasks, 'utf8')) as {
      annotations: { result: { type: string }[] }[];
    }[];
    expect(written[0]!.annotations[0]!.result[0]!.type).toBe('timelinelabels');
    expect(readFileSync(`${tasks}.config.xml`, 'utf8')).toContain('frameRate="$fps"');
  });
});
