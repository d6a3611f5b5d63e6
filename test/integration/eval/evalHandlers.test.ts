import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisRunner } from '../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../main/app/appSession.ts';
import { createHandlers } from '../../../main/app/handlers.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../main/project/runs.ts';
import { addSegment } from '../../../main/project/segmentEdits.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';
import type { AgreementResult, RunEvaluation, RunSummary } from '../../../shared/eval/evalTypes.ts';
import type { Result } from '../../../shared/result.ts';

/** runs:list, eval:run and eval:agreement through the one validating router. */
let router: Router;
const session = new AppSession('alice');
let runId = 0;

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = (await router.handle(channel, request)) as Result<T>;
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

beforeAll(() => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'actionline-evalh-')), 'p.actionline');
  const project = Project.open(file, { create: true });
  const alice = project.annotator('alice').id;
  const bob = project.annotator('bob').id;
  upsertVideo(project.db, { id: 'v1', durationSec: 60 });
  addSegment(project.db, alice, 'v1', { startSec: 0, endSec: 10, label: 'Jump' });
  addSegment(project.db, bob, 'v1', { startSec: 1, endSec: 10, label: 'Jump' });
  runId = createRun(project.db, { modelId: 'm', streams: [] });
  replacePredictions(
    project.db,
    runId,
    'v1',
    [{ startSec: 0, endSec: 10, label: 'Jump', score: 0.9 }],
    [],
  );
  project.close();
  router = createRouter(
    createHandlers({
      session,
      analysis: {} as AnalysisRunner, // not used by these channels
      shell: 'web',
      mediaUrlOf: (id) => `/media/${id}`,
      device: 'cpu',
      threads: 1,
      onChanged: () => {},
    }),
  );
  session.open(file, false);
});
afterAll(() => session.close());

describe('evaluation channels', () => {
  it('lists runs and evaluates one against the current annotator by default', async () => {
    const runs = await ok<RunSummary[]>('runs:list', {});
    expect(runs.map((r) => [r.id, r.predictionCount])).toEqual([[runId, 1]]);
    const mine = await ok<RunEvaluation>('eval:run', { runId });
    expect(mine.annotator).toBe('alice');
    expect(mine.detection.averageMAP).toBe(1);
    const theirs = await ok<RunEvaluation>('eval:run', { runId, annotator: 'bob' });
    expect(theirs.detection.mAP[0]).toBe(1); // tIoU .9
    expect(theirs.detection.mAP[9]).toBe(0);
    const everyone = await ok<RunEvaluation>('eval:run', { runId, annotator: null });
    expect(everyone.annotator).toBeNull();
  });

  it('agreement between two annotators', async () => {
    const result = await ok<AgreementResult>('eval:agreement', {
      annotatorA: 'alice',
      annotatorB: 'bob',
    });
    expect(result.offsets.start.meanSignedSec).toBe(1);
  });

  it('refuses bad payloads and unknown names with an error envelope', async () => {
    expect(await router.handle('eval:run', { runId: 0 })).toMatchObject({ ok: false });
    expect(await router.handle('eval:run', { runId, annotator: 'zed' })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/no annotator "zed"/) },
    });
    expect(await router.handle('eval:agreement', { annotatorA: 'alice' })).toMatchObject({
      ok: false,
    });
  });
});
