/**
 * Per-snippet features (schema 5): the table a v4 file gains on open, float16 and float32 round
 * trips, the bytes a snippet takes, the float16 bits training reads, and features whose rows do
 * not match the run's snippets refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import type { SnippetFeatures } from '../../../../shared/analysis/types.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../../main/project/migrations.ts';
import { APPLICATION_ID } from '../../../../main/project/openProject.ts';
import { Project } from '../../../../main/project/project.ts';
import { createRun, storeSnippetScores } from '../../../../main/project/runs.ts';
import {
  readSnippetFeatures,
  readSnippetFeaturesHalf,
  storeSnippetFeatures,
} from '../../../../main/project/snippetFeatures.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { logitScores } from './projectFixture.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-features-'));
  dirs.push(dir);
  return path.join(dir, 'p.actionline');
}

/** A project file as schema 4 wrote it, with a run whose video has 30 snippets of scores. */
function schema4File(): string {
  const file = tempFile();
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  for (const migration of MIGRATIONS.slice(0, 4)) {
    if (typeof migration === 'string') db.exec(migration);
    else {
      db.exec(migration.sql);
      migration.then(db);
    }
  }
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  db.exec('PRAGMA user_version = 4');
  db.prepare(
    `INSERT INTO videos (id, position, duration_sec, added_at) VALUES ('v1', 0, 30, ?)`,
  ).run(new Date().toISOString());
  const runId = createRun(db, RUN);
  storeSnippetScores(
    db,
    runId,
    'rgb',
    'v1',
    logitScores(LABELS, 30, () => 0),
  );
  db.close();
  return file;
}

const LABELS = ['background', 'motion'];
const RUN = {
  modelId: 'tsn',
  streams: [{ stream: 'rgb', modelId: 'tsn', weight: 1, labels: LABELS }],
};

/** Values over several orders of magnitude, both signs, as a backbone's pooled features. */
function features(snippets: number, dim: number): SnippetFeatures {
  const values = Float32Array.from({ length: snippets * dim }, (_, i) =>
    i % 7 === 0 ? 0 : Math.sin(i) * 10 ** ((i % 5) - 2),
  );
  return { dim, values };
}

function withScores(snippets: number): { project: Project; runId: number } {
  const project = Project.open(tempFile(), { create: true });
  upsertVideo(project.db, { id: 'v1', durationSec: snippets });
  const runId = createRun(project.db, RUN);
  storeSnippetScores(
    project.db,
    runId,
    'rgb',
    'v1',
    logitScores(LABELS, snippets, () => 0),
  );
  return { project, runId };
}

describe('snippet features', () => {
  it('a schema 4 file gains the table on open and keeps its run', () => {
    const project = Project.open(schema4File());
    try {
      const version = project.db.prepare('PRAGMA user_version').get() as { user_version: number };
      expect(version.user_version).toBe(SCHEMA_VERSION);
      const f = features(30, 16);
      storeSnippetFeatures(project.db, 1, 'v1', f);
      expect(readSnippetFeatures(project.db, 1, 'v1')?.dim).toBe(16);
    } finally {
      project.close();
    }
  });

  it('round-trip as float16 within its precision, and take 2 bytes a value', () => {
    const { project, runId } = withScores(20);
    try {
      const f = features(20, 1024);
      storeSnippetFeatures(project.db, runId, 'v1', f);
      const back = readSnippetFeatures(project.db, runId, 'v1')!;
      expect(back.dim).toBe(1024);
      expect(back.values.length).toBe(f.values.length);
      f.values.forEach((v, i) => {
        // float16: 11 significant bits; below 2^-14 subnormal steps of 2^-24.
        expect(Math.abs(back.values[i]! - v)).toBeLessThanOrEqual(Math.abs(v) / 2048 + 2 ** -24);
      });
      const row = project.db
        .prepare(
          'SELECT dtype, snippet_count, length(features) AS bytes FROM snippet_features WHERE run_id = ?',
        )
        .get(runId) as { dtype: string; snippet_count: number; bytes: number };
      expect(row).toEqual({ dtype: 'float16', snippet_count: 20, bytes: 20 * 2048 });
    } finally {
      project.close();
    }
  });

  it('round-trip exactly as float32, and as float32 when a value is past float16', () => {
    const { project, runId } = withScores(3);
    try {
      const f = features(3, 4);
      storeSnippetFeatures(project.db, runId, 'v1', f, 'float32');
      expect(Array.from(readSnippetFeatures(project.db, runId, 'v1')!.values)).toEqual(
        Array.from(f.values),
      );
      const big = { dim: 4, values: f.values.map((v, i) => (i === 5 ? 1e6 : v)) };
      storeSnippetFeatures(project.db, runId, 'v1', big);
      expect(readSnippetFeatures(project.db, runId, 'v1')!.values[5]).toBe(1e6);
    } finally {
      project.close();
    }
  });

  it("refuses features whose rows are not the run's snippets of the video", () => {
    const { project, runId } = withScores(10);
    try {
      expect(() => storeSnippetFeatures(project.db, runId, 'v1', features(9, 8))).toThrow(
        /9 snippets of features.*10 snippets/,
      );
      expect(() =>
        storeSnippetFeatures(project.db, runId, 'v1', { dim: 8, values: new Float32Array(81) }),
      ).toThrow(/81 feature values are not whole snippets of 8/);
      upsertVideo(project.db, { id: 'v2', durationSec: 10 });
      expect(() => storeSnippetFeatures(project.db, runId, 'v2', features(10, 8))).toThrow(
        /no scores/,
      );
      expect(readSnippetFeatures(project.db, runId, 'v1')).toBeNull();
    } finally {
      project.close();
    }
  });

  it('read as float16 bits: the stored ones as they are, float32 ones rounded', () => {
    const { project, runId } = withScores(3);
    try {
      const f = features(3, 4);
      storeSnippetFeatures(project.db, runId, 'v1', f);
      const stored = project.db.prepare('SELECT features FROM snippet_features').get() as {
        features: Uint8Array;
      };
      const half = readSnippetFeaturesHalf(project.db, runId, 'v1')!;
      expect(half).toMatchObject({ dim: 4, snippetCount: 3, storedDtype: 'float16' });
      expect(new Uint8Array(half.half.buffer)).toEqual(Uint8Array.from(stored.features));
      storeSnippetFeatures(project.db, runId, 'v1', f, 'float32');
      const converted = readSnippetFeaturesHalf(project.db, runId, 'v1')!;
      expect(converted.storedDtype).toBe('float32');
      expect(Array.from(converted.half)).toEqual(Array.from(half.half));
      expect(readSnippetFeaturesHalf(project.db, runId, 'v2')).toBeNull();
    } finally {
      project.close();
    }
  });
});
