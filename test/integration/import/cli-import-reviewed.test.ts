import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { listImports } from '../../../main/formats/import/importLog.ts';
import { ensureAnnotator } from '../../../main/project/annotators.ts';
import { undo } from '../../../main/project/editLog.ts';
import { Project } from '../../../main/project/project.ts';
import { setReviewStatus } from '../../../main/project/videoEdits.ts';
import { cli } from '../../fixtures/cliRun.ts';
import {
  detectionDoc,
  groundTruthDoc,
  projectDigest,
  tempDir,
  writeJson,
} from './importFixtures.ts';

/**
 * `actionline import … --annotator NAME --mark-reviewed` through the real bin: the file's
 * videos become 'reviewed' by that annotator in the import's transaction, not as an edit;
 * a results file with the flag is refused (predictions are not a review).
 */

let dir = '';

interface StatusRow {
  id: string;
  review_status: string;
  updated_by: string | null;
}

function statuses(projectFile: string): Record<string, Omit<StatusRow, 'id'>> {
  const project = Project.open(projectFile);
  try {
    const rows = project.db
      .prepare(
        `SELECT v.id, v.review_status, a.name AS updated_by
         FROM videos v LEFT JOIN annotators a ON a.id = v.updated_by ORDER BY v.id`,
      )
      .all() as unknown as StatusRow[];
    return Object.fromEntries(rows.map(({ id, ...rest }) => [id, rest]));
  } finally {
    project.close();
  }
}

function editCount(projectFile: string): number {
  const project = Project.open(projectFile);
  try {
    return Number((project.db.prepare('SELECT count(*) AS n FROM edits').get() as { n: number }).n);
  } finally {
    project.close();
  }
}

beforeAll(() => {
  dir = tempDir('cli-import-reviewed');
});

describe('actionline import --mark-reviewed', () => {
  it("marks the file's videos reviewed by the annotator; without the flag none is", async () => {
    const projectFile = path.join(dir, 'p.actionline');
    const gt = writeJson(dir, 'gt.json', groundTruthDoc());
    // A video the file does not list, from an earlier results import.
    let project = Project.open(projectFile, { create: true });
    await importFile(project, writeJson(dir, 'det.json', detectionDoc()));
    project.close();

    const plain = await cli(['import', projectFile, gt, '--annotator', 'alice']);
    expect(plain.code, plain.stderr).toBe(0);
    expect(Object.values(statuses(projectFile)).map((s) => s.review_status)).toEqual([
      'unreviewed',
      'unreviewed',
      'unreviewed',
      'unreviewed',
    ]);

    // One video bob has already reviewed, one alice has begun.
    project = Project.open(projectFile);
    const bob = ensureAnnotator(project.db, 'bob');
    setReviewStatus(project.db, bob.id, '17', 'reviewed');
    const alice = ensureAnnotator(project.db, 'alice');
    setReviewStatus(project.db, alice.id, 'bYUmtLBL7W4', 'in_progress');
    project.close();
    const edits = editCount(projectFile);

    const marked = await cli([
      'import',
      projectFile,
      gt,
      '--annotator',
      'alice',
      '--mark-reviewed',
    ]);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toBe(
      `imported ground truth gt.json into ${projectFile}: 3 videos, 3 segments, 2 labels as ` +
        `annotator "alice", replacing 3 from an earlier import; ` +
        `2 videos marked reviewed (1 already reviewed)\n`,
    );
    expect(statuses(projectFile)).toEqual({
      '17': { review_status: 'reviewed', updated_by: 'bob' },
      bYUmtLBL7W4: { review_status: 'reviewed', updated_by: 'alice' },
      newVideo: { review_status: 'unreviewed', updated_by: null },
      'v_ünïcode id': { review_status: 'reviewed', updated_by: 'alice' },
    });
    // Like the import itself, not an undoable edit: alice's older 'in progress' step conflicts.
    expect(editCount(projectFile)).toBe(edits);
    project = Project.open(projectFile);
    try {
      expect(() => undo(project.db, alice.id, 'bYUmtLBL7W4')).toThrow(
        expect.objectContaining({ code: 'CONFLICT' }),
      );
      expect(listImports(project.db).map((r) => r.markedReviewed)).toEqual([
        undefined,
        undefined,
        2,
      ]);
    } finally {
      project.close();
    }
  });

  it('a results file with --mark-reviewed is refused: exit 2, project unchanged or never made', async () => {
    const projectFile = path.join(dir, 'results.actionline');
    const project = Project.open(projectFile, { create: true });
    await importFile(project, writeJson(dir, 'gt2.json', groundTruthDoc()));
    const before = projectDigest(project.db);
    project.close();
    const det = writeJson(dir, 'det2.json', detectionDoc());

    const refused = await cli([
      'import',
      projectFile,
      det,
      '--annotator',
      'alice',
      '--mark-reviewed',
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `error: --mark-reviewed: ${det} holds detection results, not ground truth, and predictions ` +
        `are not a review (import it without --mark-reviewed)\n`,
    );
    const reopened = Project.open(projectFile);
    try {
      expect(projectDigest(reopened.db)).toBe(before);
      // The engine refuses it too, for faces other than the CLI.
      await expect(importFile(reopened, det, { markReviewed: true })).rejects.toMatchObject({
        code: 'BAD_ARGUMENT',
        message: expect.stringContaining(det),
      });
      expect(projectDigest(reopened.db)).toBe(before);
    } finally {
      reopened.close();
    }

    const missing = path.join(dir, 'never.actionline');
    expect((await cli(['import', missing, det, '--mark-reviewed'])).code).toBe(2);
    expect(existsSync(missing)).toBe(false);
  });
});
