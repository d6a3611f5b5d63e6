import { SCHEMA_VERSION } from '../../../../main/project/migrations.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../../main/project/migrations.ts';
import { APPLICATION_ID } from '../../../../main/project/openProject.ts';
import { Project } from '../../../../main/project/project.ts';
import { encodeFloat64, encodeScores } from '../../../../main/project/scoreBlobs.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { logitScores } from './projectFixture.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A project file as schema 1 wrote it: one engine run with stored scores and ranked predictions. */
function schema1File(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-schema1-'));
  dirs.push(dir);
  const file = path.join(dir, 'old.actionline');
  const db = new DatabaseSync(file);
  db.exec(MIGRATIONS[0] as string);
  db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  db.exec('PRAGMA user_version = 1');
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO videos (id, position, duration_sec, fps_num, fps_den, review_status, added_at, start_offset_sec, variable_frame_rate)
     VALUES ('v1', 0, 30, 25, 1, 'unreviewed', ?, 0, 0)`,
  ).run(now);
  db.prepare(
    `INSERT INTO model_runs (id, model_id, task, params_json, created_at) VALUES (1, 'motion', 'detection', '{}', ?)`,
  ).run(now);
  const labels = ['background', 'motion'];
  db.prepare(
    `INSERT INTO run_streams (run_id, stream, model_id, weight, labels_json) VALUES (1, 'motion', 'motion', 1, ?)`,
  ).run(JSON.stringify(labels));
  const scores = logitScores(labels, 30, (label, k) =>
    label === 'motion' ? ((k >= 4 && k < 9) || (k >= 15 && k < 20) ? 3 : -3) : 0,
  );
  db.prepare(
    `INSERT INTO snippet_scores (run_id, stream, video_id, score_kind, dtype, class_count, snippet_count, centers_sec, scores)
     VALUES (1, 'motion', 'v1', 'logits', 'float32', 2, 30, ?, ?)`,
  ).run(encodeFloat64(scores.snippetCenterSec), encodeScores(scores.scores, 'float32'));
  db.prepare(
    `INSERT INTO segments (video_id, start_sec, end_sec, label, score, provenance, run_id, updated_at)
     VALUES ('v1', 3, 10, 'motion', 0.5, 'predicted', 1, ?)`,
  ).run(now);
  db.close();
  return file;
}

describe('schema 2', () => {
  it('gives a run stored before it its suggestions from its stored scores, on open', () => {
    const file = schema1File();
    const project = Project.open(file);
    try {
      const version = project.db.prepare('PRAGMA user_version').get() as { user_version: number };
      expect(version.user_version).toBe(SCHEMA_VERSION); // migrated through 2 to the latest
      const shared = segmentsInLayer(project.db, 'v1', null);
      expect(
        shared.filter((s) => s.product === 'ranked').map((s) => [s.startSec, s.endSec]),
      ).toEqual([[3, 10]]);
      const suggested = shared.filter((s) => s.product === 'suggested');
      expect(suggested.map((s) => [s.label, Math.round(s.startSec), Math.round(s.endSec)])).toEqual(
        [
          ['motion', 4, 9],
          ['motion', 15, 20],
        ],
      );
      expect(suggested.every((s) => s.runId === 1 && s.provenance === 'predicted')).toBe(true);
    } finally {
      project.close();
    }
    // Opening again changes nothing.
    const again = Project.open(file);
    try {
      expect(segmentsInLayer(again.db, 'v1', null)).toHaveLength(3);
    } finally {
      again.close();
    }
  });
});
