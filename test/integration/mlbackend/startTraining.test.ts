import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMlBackend, type MlBackend } from '../../../main/mlbackend/mlBackendServer.ts';
import { listHeads } from '../../../main/project/heads.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun, storeSnippetScores } from '../../../main/project/runs.ts';
import { addSegment } from '../../../main/project/segmentEdits.ts';
import { storeSnippetFeatures } from '../../../main/project/snippetFeatures.ts';
import { setReviewStatus } from '../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { logitScores } from '../../unit/main/project/projectFixture.ts';

/**
 * START_TRAINING from Label Studio over a project with reviewed videos and a backbone's stored
 * features (no model runs): a head is trained and stored, as `actionline train` would.
 */
const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../fixtures/formats/label-studio-ml/webhook-start-training.json',
);
const LABELS = ['chop', 'stir'];
const SNIPPETS = 20;
const DIM = 4;

let dir: string;
let project: Project;
let backend: MlBackend;
const logged: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-mlbackend-train-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  const db = project.db;
  const ann = project.annotator('ann').id;
  setActiveLabelSet(db, createLabelSet(db, 'kitchen', LABELS));
  const runId = createRun(db, {
    modelId: 'tsn',
    streams: [{ stream: 'rgb', modelId: 'tsn', weight: 1, labels: ['background', ...LABELS] }],
  });
  for (const [k, id] of ['v1', 'v2', 'v3', 'v4'].entries()) {
    upsertVideo(db, { id, durationSec: SNIPPETS });
    const scores = logitScores(['background', ...LABELS], SNIPPETS, () => 0);
    storeSnippetScores(db, runId, 'rgb', id, scores);
    // Features that tell the classes apart: chop in [2, 8), stir in [12, 18).
    const values = Float32Array.from({ length: SNIPPETS * DIM }, (_, i) => {
      const snippet = Math.floor(i / DIM);
      const cls = snippet >= 2 && snippet < 8 ? 1 : snippet >= 12 && snippet < 18 ? 2 : 0;
      return (i % DIM === cls ? 3 : 0) + Math.sin(k * 31 + i) * 0.1;
    });
    storeSnippetFeatures(db, runId, id, { dim: DIM, values }, 'float32');
    addSegment(db, ann, id, { startSec: 2, endSec: 8, label: 'chop' });
    addSegment(db, ann, id, { startSec: 12, endSec: 18, label: 'stir' });
    setReviewStatus(db, ann, id, 'reviewed');
  }
  backend = await startMlBackend({ db, port: 0, log: (line) => logged.push(line) });
});

afterAll(async () => {
  await backend?.close();
  project?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('START_TRAINING', () => {
  it('trains and stores a head on the reviewed videos, answering 201 at once', async () => {
    const reply = await fetch(`${backend.url}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: readFileSync(FIXTURE, 'utf8'),
    });
    expect(reply.status).toBe(201);
    expect(await reply.json()).toEqual({ result: { training: 'started' }, status: 'ok' });
    await backend.trainingIdle();
    expect(logged.find((l) => l.startsWith('START_TRAINING: failed'))).toBeUndefined();
    expect(listHeads(project.db).map((h) => h.name)).toEqual(['head-1']);
    expect(logged).toContainEqual(expect.stringMatching(/stored head "head-1"/));
  });
});
