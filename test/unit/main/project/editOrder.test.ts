import { afterEach, describe, expect, it } from 'vitest';
import { redo, undo } from '../../../../main/project/editLog.ts';
import type { RowChange } from '../../../../main/project/rowChanges.ts';
import { setReviewStatus } from '../../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { tempProject } from './projectFixture.ts';

/**
 * The edit log says in which order its edits' changes were applied: replaying the 'done'
 * edits in that order from the starting rows gives the rows on disk, even when a redo put an
 * old edit back after newer ones (the SIGKILL test's check; found by its seed 234411589).
 */
let dispose = () => {};
afterEach(() => dispose());

describe('edit application order', () => {
  it('a redo after the other annotator left the row as it was is replayed after that edit', () => {
    const t = tempProject();
    dispose = t.dispose;
    const db = t.project.db;
    const alice = t.project.annotator('alice').id;
    const bob = t.project.annotator('bob').id;
    upsertVideo(db, { id: 'v', durationSec: 10 });
    const start = db.prepare('SELECT * FROM videos').all();

    setReviewStatus(db, alice, 'v', 'in_progress');
    setReviewStatus(db, bob, 'v', 'reviewed'); // bob's edit A
    undo(db, bob, 'v'); // back to alice's in progress
    setReviewStatus(db, alice, 'v', 'in_progress'); // alice's B: changes nothing
    expect(redo(db, bob, 'v')?.action).toBe('mark reviewed'); // A again, after B

    const edits = db
      .prepare(`SELECT changes_json FROM edits WHERE state = 'done' ORDER BY applied_seq`)
      .all() as { changes_json: string }[];
    // Replay on the starting row, in the logged order: each change starts from what the
    // one before it left (as applyChange checks), and the last leaves what is on disk.
    let row = { ...(start[0] as object) };
    for (const e of edits) {
      for (const change of JSON.parse(e.changes_json) as RowChange[]) {
        // An update logs the columns it changed: they must be as the previous edit left them.
        expect(row).toMatchObject(change.before!);
        row = { ...row, ...change.after! };
      }
    }
    expect(row).toEqual({ ...(db.prepare('SELECT * FROM videos').get() as object) });
  });
});
