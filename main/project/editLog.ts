import type { DatabaseSync } from 'node:sqlite';
import { ChangeRecorder } from './changeRecorder.ts';
import { applyChange, inverse, type RowChange } from './rowChanges.ts';
import { inTransaction } from './transaction.ts';
import type { HistoryState } from './types.ts';

export type { HistoryState };

export interface EditSummary {
  editId: number;
  action: string;
  videoId: string;
  changes: RowChange[];
}

/** The next value of the project's one sequence of applications (migrations.ts, v3). */
const NEXT_APPLIED_SEQ = '(SELECT COALESCE(MAX(applied_seq), 0) + 1 FROM edits)';

/*
 * Undo and redo are per annotator and per video: the editor undoes the edits of the video in
 * view, newest first, and never one made elsewhere (a press would otherwise change a video the
 * annotator cannot see). Every edit records its video.
 */

/**
 * Runs a user action's row writes and logs them, in one transaction: when the call
 * returns the edit is on disk. A new edit drops the annotator's redo stack of that video (the
 * undone edits stay in the log as 'dropped'); other videos keep theirs.
 */

export function commitEdit<T>(
  db: DatabaseSync,
  annotatorId: number,
  action: string,
  videoId: string,
  work: (rows: ChangeRecorder) => T,
): { edit: EditSummary; value: T } {
  return inTransaction(db, () => {
    const rows = new ChangeRecorder(db);
    const value = work(rows);
    const changes = rows.changes;
    db.prepare(
      `UPDATE edits SET state = 'dropped'
       WHERE annotator_id = ? AND video_id = ? AND state = 'undone'`,
    ).run(annotatorId, videoId);
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO edits (annotator_id, action, video_id, changes_json, created_at, applied_seq)
         VALUES (?, ?, ?, ?, ?, ${NEXT_APPLIED_SEQ})`,
      )
      .run(annotatorId, action, videoId, JSON.stringify(changes), new Date().toISOString());
    return { edit: { editId: Number(lastInsertRowid), action, videoId, changes }, value };
  });
}

/** Undoes the annotator's latest edit of the video that is not undone; null when there is none. */
export function undo(db: DatabaseSync, annotatorId: number, videoId: string): EditSummary | null {
  return inTransaction(db, () => {
    const edit = latest(db, annotatorId, videoId, 'done');
    if (!edit) return null;
    const changes = parseChanges(edit);
    for (const change of [...changes].reverse()) applyChange(db, inverse(change));
    db.prepare(`UPDATE edits SET state = 'undone' WHERE id = ?`).run(edit.id);
    return summary(edit, changes);
  });
}

/**
 * Redoes the annotator's most recently undone edit; null when there is none. An edit that
 * can no longer be redone (what it changed was changed or removed since) is dropped from the
 * redo stack, so the next redo is not stuck behind it, and the CONFLICT is reported.
 */
export function redo(db: DatabaseSync, annotatorId: number, videoId: string): EditSummary | null {
  try {
    return redoLatest(db, annotatorId, videoId);
  } catch (err) {
    if ((err as { code?: string }).code !== 'CONFLICT') throw err;
    const stuck = latest(db, annotatorId, videoId, 'undone');
    if (stuck) db.prepare(`UPDATE edits SET state = 'dropped' WHERE id = ?`).run(stuck.id);
    throw err;
  }
}

function redoLatest(db: DatabaseSync, annotatorId: number, videoId: string): EditSummary | null {
  return inTransaction(db, () => {
    const edit = latest(db, annotatorId, videoId, 'undone');
    if (!edit) return null;
    const changes = parseChanges(edit);
    for (const change of changes) applyChange(db, change);
    db.prepare(
      `UPDATE edits SET state = 'done', applied_seq = ${NEXT_APPLIED_SEQ} WHERE id = ?`,
    ).run(edit.id);
    return summary(edit, changes);
  });
}

/** The annotator's undo and redo on one video: what the editor's buttons offer. */
export function historyState(db: DatabaseSync, annotatorId: number, videoId: string): HistoryState {
  const last = latest(db, annotatorId, videoId, 'done');
  const next = latest(db, annotatorId, videoId, 'undone');
  return {
    canUndo: last !== undefined,
    canRedo: next !== undefined,
    undoAction: last?.action ?? null,
    redoAction: next?.action ?? null,
  };
}

/**
 * The edit that undo ('done') or redo ('undone') takes next. Edits are undone newest first,
 * so the most recently undone one has the smallest id.
 */
function latest(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  state: 'done' | 'undone',
): EditRow | undefined {
  return db
    .prepare(
      `SELECT id, action, video_id, changes_json FROM edits
       WHERE annotator_id = ? AND video_id = ? AND state = ?
       ORDER BY id ${state === 'done' ? 'DESC' : 'ASC'} LIMIT 1`,
    )
    .get(annotatorId, videoId, state) as EditRow | undefined;
}

interface EditRow {
  id: number;
  action: string;
  video_id: string;
  changes_json: string;
}

function parseChanges(edit: EditRow): RowChange[] {
  return JSON.parse(edit.changes_json) as RowChange[];
}

function summary(edit: EditRow, changes: RowChange[]): EditSummary {
  return { editId: Number(edit.id), action: edit.action, videoId: edit.video_id, changes };
}
