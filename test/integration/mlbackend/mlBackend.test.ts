import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMlBackend, type MlBackend } from '../../../main/mlbackend/mlBackendServer.ts';
import { ensureAnnotator } from '../../../main/project/annotators.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun } from '../../../main/project/runs.ts';
import { storeRunVideo } from '../../../main/project/storeRun.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { logitScores } from '../../unit/main/project/projectFixture.ts';

/**
 * `actionline ml-backend` as Label Studio talks to it: the request bodies are the fixtures
 * written from Label Studio's api_connector.py (test/fixtures/formats/label-studio-ml/), sent
 * to an in-process server on a free port over a small project with one stored run.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/formats/label-studio-ml');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
const LABELS = ['background', 'Chopping', 'Stirring'];

let dir: string;
let project: Project;
let open: MlBackend;
let guarded: MlBackend;
const logged: string[] = [];
const AUTH = { user: 'ls', password: 'pa55-word' };

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-mlbackend-'));
  project = Project.open(path.join(dir, 'kitchen.actionline'), { create: true });
  const db = project.db;
  upsertVideo(db, { id: 'kitchen_01', durationSec: 10, fpsNum: 25, fpsDen: 1 });
  upsertVideo(db, { id: 'kitchen_02', durationSec: 10, fpsNum: 25, fpsDen: 1 });
  ensureAnnotator(db, 'ann');
  const runId = createRun(db, {
    modelId: 'tsn-kitchen',
    streams: [{ stream: 'rgb', modelId: 'tsn-kitchen', weight: 1, labels: LABELS }],
  });
  storeRunVideo(db, runId, {
    videoId: 'kitchen_01',
    scores: { rgb: logitScores(LABELS, 10, () => 0) },
    segments: [],
    labels: [],
    suggestions: [
      { startSec: 1, endSec: 3, label: 'Chopping', score: 0.9 },
      { startSec: 3.96, endSec: 5.2, label: 'Stirring', score: 0.72 },
    ],
  });
  const log = (line: string) => logged.push(line);
  open = await startMlBackend({ db, port: 0, log });
  guarded = await startMlBackend({ db, port: 0, credentials: AUTH, log });
});

afterAll(async () => {
  await open?.close();
  await guarded?.close();
  project?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: unknown;
}

function send(
  backend: MlBackend,
  method: string,
  route: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: backend.port,
        path: route,
        method,
        headers: {
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(text) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (user: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
});

describe('actionline ml-backend', () => {
  it('answers /health and / as the SDK does, and /metrics with {}', async () => {
    for (const route of ['/health', '/']) {
      const reply = await send(open, 'GET', route);
      expect(reply.status).toBe(200);
      expect(reply.json).toEqual({ status: 'UP', model_class: 'Actionline' });
    }
    expect((await send(open, 'GET', '/metrics')).json).toEqual({});
  });

  it('answers /setup with the newest run as the model version', async () => {
    const reply = await send(open, 'POST', '/setup', fixture('setup.json'));
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({ model_version: 'tsn-kitchen' });
  });

  it("answers /predict with one entry per task: the run's suggestions in Label Studio frames", async () => {
    logged.length = 0;
    const reply = await send(open, 'POST', '/predict', fixture('predict.json'));
    expect(reply.status).toBe(200);
    const { results } = reply.json as { results: unknown[][] };
    expect(results).toHaveLength(3);
    // [1, 3) at 25 fps: frames 26–75; [3.96, 5.2): 100–130 (⌈s·fps⌉ + 1 … ⌈e·fps⌉).
    expect(results[0]).toEqual([
      {
        model_version: 'tsn-kitchen',
        score: expect.closeTo(0.81, 6),
        result: [
          {
            id: expect.any(String),
            type: 'timelinelabels',
            from_name: 'actions',
            to_name: 'video',
            value: { ranges: [{ start: 26, end: 75 }], timelinelabels: ['Chopping'] },
            score: 0.9,
          },
          {
            id: expect.any(String),
            type: 'timelinelabels',
            from_name: 'actions',
            to_name: 'video',
            value: { ranges: [{ start: 100, end: 130 }], timelinelabels: ['Stirring'] },
            score: 0.72,
          },
        ],
      },
    ]);
    // In the project without a run, and not in the project: no prediction, said in the log.
    expect(results[1]).toEqual([]);
    expect(results[2]).toEqual([]);
    expect(logged.some((l) => /task 102: video "kitchen_02" has no run yet/.test(l))).toBe(true);
    expect(logged).toContain(
      '1 video(s) without a run: `actionline run <project> --videos kitchen_02` scores them; Label Studio asks again for tasks without a prediction',
    );
    expect(
      logged.some((l) =>
        /task 103: video "5e6f7a8b-not_in_project.mp4" is not in the project/.test(l),
      ),
    ).toBe(true);
  });

  it("counts frames at the config's rate, and keeps only the config's labels (case aside)", async () => {
    logged.length = 0;
    const body = JSON.parse(fixture('predict.json')) as { tasks: unknown[]; label_config: string };
    body.tasks = body.tasks.slice(0, 1);
    // No frameRate: Label Studio plays the 25 fps video at its default 24.
    body.label_config =
      '<View><Video name="v" value="$video"/><TimelineLabels name="t" toName="v">' +
      '<Label value="chopping"/></TimelineLabels></View>';
    const reply = await send(open, 'POST', '/predict', JSON.stringify(body));
    const prediction = (reply.json as { results: { result: unknown[] }[][] }).results[0]![0];
    // [1, 3) at 24 fps: frames 25–72.
    expect(prediction!.result).toEqual([
      expect.objectContaining({
        from_name: 't',
        to_name: 'v',
        value: { ranges: [{ start: 25, end: 72 }], timelinelabels: ['chopping'] },
      }),
    ]);
    expect(
      logged.some((l) => /plays it at 24 fps, the video's probed rate is 25\.000/.test(l)),
    ).toBe(true);
    expect(
      logged.some((l) => /1 suggestion\(s\) with labels the config's TimelineLabels lacks/.test(l)),
    ).toBe(true);
  });

  it("imports an annotation created or updated in Label Studio into that user's layer, marked reviewed", async () => {
    logged.length = 0;
    const db = project.db;
    const layerRows = () =>
      db
        .prepare(
          `SELECT s.start_sec AS startSec, s.end_sec AS endSec, s.label FROM segments s
           JOIN annotators a ON a.id = s.annotator_id
           WHERE a.name = 'ls-user-1' AND s.video_id = 'kitchen_01' ORDER BY s.start_sec`,
        )
        .all();
    const created = await send(
      open,
      'POST',
      '/webhook',
      fixture('webhook-annotation-created.json'),
    );
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ result: { imported: 1 }, status: 'ok' });
    // Frames 26–75 at the task's 25 fps: [1, 3) s.
    expect(layerRows()).toEqual([{ startSec: 1, endSec: 3, label: 'Chopping' }]);
    const status = db.prepare(`SELECT review_status FROM videos WHERE id = 'kitchen_01'`).get();
    expect(status).toEqual({ review_status: 'reviewed' });

    const body = JSON.parse(fixture('webhook-annotation-created.json')) as {
      action: string;
      annotation: { result: { value: { ranges: { start: number; end: number }[] } }[] };
    };
    body.action = 'ANNOTATION_UPDATED';
    body.annotation.result[0]!.value.ranges = [{ start: 51, end: 100 }];
    const updated = await send(open, 'POST', '/webhook', JSON.stringify(body));
    expect(updated.status).toBe(201);
    // The update replaces what the annotation brought before: [2, 4) s only.
    expect(layerRows()).toEqual([{ startSec: 2, endSec: 4, label: 'Chopping' }]);
    expect(
      logged.some((l) => /ANNOTATION_UPDATED \(task 101, annotation 55\): 1 segment/.test(l)),
    ).toBe(true);
  });

  it('answers a skipped task, a deletion and other events without changing the project', async () => {
    logged.length = 0;
    const body = JSON.parse(fixture('webhook-annotation-created.json')) as {
      annotation: { was_cancelled: boolean };
    };
    body.annotation.was_cancelled = true;
    const before = project.db.prepare('SELECT count(*) AS n FROM segments').get();
    const skipped = await send(open, 'POST', '/webhook', JSON.stringify(body));
    expect(skipped.json).toMatchObject({ result: { skipped: expect.stringMatching(/skipped/) } });
    const noPayload = await send(open, 'POST', '/webhook', '{"action": "ANNOTATION_CREATED"}');
    expect(noPayload.status).toBe(201);
    expect(noPayload.json).toMatchObject({ result: { skipped: expect.any(String) } });
    const deleted = await send(open, 'POST', '/webhook', '{"action": "ANNOTATION_DELETED"}');
    expect(deleted.status).toBe(201);
    const other = await send(open, 'POST', '/webhook', '{"action": "TASKS_CREATED"}');
    expect(other.status).toBe(200);
    expect(project.db.prepare('SELECT count(*) AS n FROM segments').get()).toEqual(before);
  });

  it('START_TRAINING with no annotator to learn from trains nothing, and says why', async () => {
    logged.length = 0;
    const training = await send(open, 'POST', '/webhook', fixture('webhook-start-training.json'));
    expect(training.status).toBe(201);
    expect(training.json).toMatchObject({ status: 'ok', result: { training: expect.any(String) } });
    await open.trainingIdle();
    expect(logged.some((l) => /START_TRAINING: (failed|not started): /.test(l))).toBe(true);
  });

  it('refuses a malformed body with 400 and a message that says what is wrong', async () => {
    const notJson = await send(open, 'POST', '/predict', '{"tasks": [');
    expect(notJson.status).toBe(400);
    expect((notJson.json as { error: string }).error).toMatch(/not JSON/);
    const noTasks = await send(open, 'POST', '/predict', '{"tasks": [{"id": 1}]}');
    expect(noTasks.status).toBe(400);
    expect((noTasks.json as { error: string }).error).toMatch(/^bad request: tasks\.0\.data: /);
    const wrongType = await send(open, 'POST', '/predict', '{"tasks": []}', {
      'content-type': 'text/plain',
    });
    expect(wrongType.status).toBe(415);
  });

  it('with credentials: 401 for a bad password or none, the answer for the right ones', async () => {
    const none = await send(guarded, 'GET', '/health');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Basic /);
    const wrong = await send(
      guarded,
      'POST',
      '/predict',
      fixture('predict.json'),
      basic('ls', 'nope'),
    );
    expect(wrong.status).toBe(401);
    const right = await send(guarded, 'GET', '/health', undefined, basic(AUTH.user, AUTH.password));
    expect(right.status).toBe(200);
  });

  it('refuses to listen beyond loopback without credentials', async () => {
    await expect(startMlBackend({ db: project.db, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /--user and --password-env/,
    );
  });

  it('without credentials, answers only requests addressed to this machine', async () => {
    const rebound = await send(open, 'GET', '/health', undefined, { host: 'evil.example:9090' });
    expect(rebound.status).toBe(403);
  });
});
