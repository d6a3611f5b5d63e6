import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../main/project/project.ts';
import { applyChange, type EditedTable, type RowChange } from '../../../main/project/rowChanges.ts';
import { createRun, replacePredictions } from '../../../main/project/runs.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { changesDigest, KILLER_ANNOTATORS, seededRandom } from '../../fixtures/projectKiller.ts';

/**
 * Reliability: a process making edits is killed with SIGKILL at random moments, many times.
 * After each kill the file must open, pass integrity and foreign-key checks, and hold every
 * edit the process was told was committed, in the undo state it was last told; the edit log
 * must replay from the starting rows to exactly the rows on disk. Set ACTIONLINE_KILL_SEED to
 * rerun a failure; the seed is in every assertion message.
 */

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/projectKiller.ts');
/** 30 kills, fewer when the machine is slow, but never under 10: the test stays meaningful. */
const MAX_ROUNDS = 30;
const MIN_ROUNDS = 10;
const TIME_BUDGET_MS = 10_000;
const EDITED_TABLES: EditedTable[] = ['segments', 'prediction_reviews', 'video_labels', 'videos'];

type EditState = 'done' | 'undone' | 'dropped';
/** Undo and redo are per annotator and video (editLog.ts): each pair has its own stacks. */
interface LoggedEdit {
  annotator: number;
  videoId: string;
  state: EditState;
}
interface ReportLine {
  ready?: true;
  annotator: number;
  videoId: string;
  op: string;
  editId: number;
  digest: string;
}

let dir: string;
let file: string;
let pristine: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-kill-'));
  file = path.join(dir, 'p.actionline');
  pristine = path.join(dir, 'pristine.actionline');
  const project = Project.open(file, { create: true });
  for (const name of KILLER_ANNOTATORS) project.annotator(name);
  const runId = createRun(project.db, {
    modelId: 'm',
    streams: [{ stream: 'rgb', modelId: 'm', weight: 1, labels: ['background', 'walking'] }],
  });
  for (const [id, durationSec] of [
    ['v1', 30],
    ['v2', 20],
  ] as const) {
    upsertVideo(project.db, { id, durationSec });
    const predictions = Array.from({ length: 12 }, (_, i) => ({
      startSec: i * 1.5,
      endSec: i * 1.5 + 1,
      label: 'walking',
      score: 0.5 + i / 100,
    }));
    replacePredictions(project.db, runId, id, predictions, [{ label: 'walking', score: 0.9 }]);
  }
  project.close(); // checkpoints: the file alone now holds the starting rows
  copyFileSync(file, pristine);
});

let passed = false;
afterAll(() => {
  // A failed seed's files stay for inspection (the folder is in the assertion messages).
  if (passed) rmSync(dir, { recursive: true, force: true });
});

describe('a project survives SIGKILL at random moments', () => {
  it('keeps every reported edit, in its reported state, with a consistent file', async () => {
    expect(
      Number(process.versions.node.split('.')[0]),
      'tests must run on Node 24',
    ).toBeGreaterThanOrEqual(24);
    let drops = 0;
    const seed = Number(process.env.ACTIONLINE_KILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const random = seededRandom(seed);
    let model = new Map<number, LoggedEdit>();
    const digests = new Map<number, string>();
    const started = Date.now();
    let reported = 0;
    let rounds = 0;
    const more = () =>
      rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && Date.now() - started < TIME_BUDGET_MS);
    for (; more(); rounds++) {
      const childSeed = Math.floor(random() * 2 ** 31);
      // A quarter of the kills land while the child starts and opens the file (WAL recovery
      // of the previous kill); the rest while it edits.
      const fromSpawn = random() < 0.25;
      const delayMs = Math.floor(random() * (fromSpawn ? 150 : 200));
      const where = `seed ${seed}, round ${rounds}, child seed ${childSeed}, kill ${delayMs} ms after ${fromSpawn ? 'spawn' : 'ready'} (${dir})`;

      const lines = await runAndKill(childSeed, fromSpawn, delayMs, where);
      for (const line of lines) {
        expect(
          digests.get(line.editId) ?? line.digest,
          `${where}: edit ${line.editId} changed`,
        ).toBe(line.digest);
        digests.set(line.editId, line.digest);
        model = applyReported(model, line);
      }
      reported += lines.length;
      drops += lines.filter((l) => l.op === 'drop').length;

      const project = Project.open(file);
      try {
        const db = project.db;
        expect(db.prepare('PRAGMA integrity_check').all(), where).toEqual([
          { integrity_check: 'ok' },
        ]);
        expect(db.prepare('PRAGMA foreign_key_check').all(), where).toEqual([]);
        const onDisk = readEdits(db);
        for (const line of lines) {
          expect(onDisk.get(line.editId)?.digest, `${where}: reported edit ${line.editId}`).toBe(
            line.digest,
          );
        }
        const states = new Map([...onDisk].map(([id, e]) => [id, e.edit]));
        expect(
          candidates(model, states).some((c) => sameStates(c, states)),
          `${where}: edit states on disk are not the reported ones plus at most one unreported call\n` +
            `reported: ${describeStates(model)}\non disk: ${describeStates(states)}`,
        ).toBe(true);
        model = states; // the next child starts from what is on disk
        expectReplayMatches(db, onDisk, where);
      } finally {
        project.close();
      }
    }
    // The kills must have exercised real work, not only start-ups.
    expect(reported, `seed ${seed}: edits reported over ${rounds} rounds`).toBeGreaterThan(20);
    console.info(
      `kill test: seed ${seed}, ${rounds} kills, ${reported} edits reported (${drops} redos dropped by a conflict)`,
    );
    passed = true;
  }, 60_000);
});

/** Runs the child, kills it with SIGKILL after the delay, returns its complete report lines. */
function runAndKill(
  childSeed: number,
  fromSpawn: boolean,
  delayMs: number,
  where: string,
): Promise<ReportLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-warnings', FIXTURE, file, String(childSeed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    if (fromSpawn) setTimeout(kill, delayMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (!fromSpawn && !stdout.includes('\n') && `${stdout}${chunk}`.includes('\n')) {
        setTimeout(kill, delayMs); // the first line is {"ready":true}
      }
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (!killed || signal !== 'SIGKILL') {
        reject(new Error(`${where}: the child ended by itself (${code ?? signal})\n${stderr}`));
        return;
      }
      // A line cut short by the kill was never fully reported: its edit counts as unreported.
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
      const lines = complete
        .split('\n')
        .filter((l) => l.length > 0)
        .map((l) => JSON.parse(l) as ReportLine);
      resolve(lines.filter((l) => !l.ready));
    });
  });
}

/** The edit log as the child's reports say it must be after one more reported call. */
function applyReported(model: Map<number, LoggedEdit>, line: ReportLine): Map<number, LoggedEdit> {
  if (line.op === 'undo') return withState(model, line.editId, 'undone');
  if (line.op === 'redo') return withState(model, line.editId, 'done');
  if (line.op === 'drop') return withState(model, line.editId, 'dropped');
  const next = dropRedoStack(model, line.annotator, line.videoId);
  next.set(line.editId, { annotator: line.annotator, videoId: line.videoId, state: 'done' });
  return next;
}

/**
 * What the log may hold after a kill: the reported states, changed by at most one call that
 * committed but was not reported (the kill came between its commit and its line). That call
 * is a new edit, an undo (the annotator's newest done edit of a video), a redo (their most
 * recently undone edit of a video) or the drop of that edit by a redo refused with a conflict.
 */
function candidates(
  model: Map<number, LoggedEdit>,
  onDisk: Map<number, LoggedEdit>,
): Map<number, LoggedEdit>[] {
  const result = [model];
  const unreported = [...onDisk.keys()].filter((id) => !model.has(id));
  if (unreported.length === 1 && unreported[0]! > Math.max(0, ...model.keys())) {
    const id = unreported[0]!;
    const { annotator, videoId } = onDisk.get(id)!;
    const next = dropRedoStack(model, annotator, videoId);
    next.set(id, { annotator, videoId, state: 'done' });
    result.push(next);
  }
  const stacks = new Set([...model.values()].map((e) => JSON.stringify([e.annotator, e.videoId])));
  for (const stack of stacks) {
    const mine = [...model]
      .filter(([, e]) => JSON.stringify([e.annotator, e.videoId]) === stack)
      .sort(([a], [b]) => a - b);
    const newestDone = mine.filter(([, e]) => e.state === 'done').at(-1);
    const oldestUndone = mine.filter(([, e]) => e.state === 'undone').at(0);
    if (newestDone) result.push(withState(model, newestDone[0], 'undone'));
    if (oldestUndone) {
      result.push(withState(model, oldestUndone[0], 'done'));
      // A redo refused with a conflict drops it, and the kill may come before the report.
      result.push(withState(model, oldestUndone[0], 'dropped'));
    }
  }
  return result;
}

function withState(model: Map<number, LoggedEdit>, id: number, state: EditState) {
  const next = new Map(model);
  next.set(id, {
    annotator: model.get(id)?.annotator ?? -1,
    videoId: model.get(id)?.videoId ?? '',
    state,
  });
  return next;
}

function dropRedoStack(model: Map<number, LoggedEdit>, annotator: number, videoId: string) {
  const next = new Map(model);
  for (const [id, e] of next) {
    if (e.annotator === annotator && e.videoId === videoId && e.state === 'undone') {
      next.set(id, { ...e, state: 'dropped' });
    }
  }
  return next;
}

function sameStates(a: Map<number, LoggedEdit>, b: Map<number, LoggedEdit>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, e] of a) {
    const other = b.get(id);
    if (!other || other.state !== e.state || other.annotator !== e.annotator) return false;
    if (other.videoId !== e.videoId) return false;
  }
  return true;
}

function describeStates(states: Map<number, LoggedEdit>): string {
  return [...states]
    .sort(([a], [b]) => a - b)
    .slice(-12)
    .map(([id, e]) => `${id}:${e.annotator}:${e.state}`)
    .join(' ');
}

function readEdits(db: DatabaseSync) {
  const rows = db
    .prepare(
      'SELECT id, annotator_id, video_id, state, changes_json, applied_seq FROM edits ORDER BY id',
    )
    .all() as {
    id: number;
    annotator_id: number;
    video_id: string;
    state: EditState;
    changes_json: string;
    applied_seq: number;
  }[];
  return new Map(
    rows.map((r) => {
      const changes = JSON.parse(r.changes_json) as RowChange[];
      return [
        r.id,
        {
          edit: { annotator: r.annotator_id, videoId: r.video_id, state: r.state },
          changes,
          appliedSeq: r.applied_seq,
          digest: changesDigest(changes),
        },
      ];
    }),
  );
}

/**
 * The rows on disk must be the starting rows with every 'done' edit applied in the order it
 * was last applied (applied_seq: a redo applies an old edit after newer ones; undone and
 * dropped edits were applied and reversed). applyChange checks each row's before image,
 * so an edit whose logged images disagree with the rows fails here too.
 */
function expectReplayMatches(
  db: DatabaseSync,
  edits: ReturnType<typeof readEdits>,
  where: string,
): void {
  const scratch = path.join(dir, 'replay.actionline');
  copyFileSync(pristine, scratch);
  const replay = new DatabaseSync(scratch, { enableForeignKeyConstraints: true });
  try {
    replay.exec('PRAGMA synchronous = OFF');
    replay.exec('BEGIN');
    const inOrder = [...edits].sort(([, a], [, b]) => a.appliedSeq - b.appliedSeq);
    for (const [id, e] of inOrder) {
      if (e.edit.state !== 'done') continue;
      try {
        for (const change of e.changes) applyChange(replay, change);
      } catch (err) {
        throw new Error(`${where}: edit ${id} does not replay: ${(err as Error).message}`);
      }
    }
    replay.exec('COMMIT');
    for (const table of EDITED_TABLES) {
      const sql = `SELECT * FROM ${table} ORDER BY id`;
      expect(db.prepare(sql).all(), `${where}: ${table} rows differ from the replayed log`).toEqual(
        replay.prepare(sql).all(),
      );
    }
  } finally {
    replay.close();
  }
}
