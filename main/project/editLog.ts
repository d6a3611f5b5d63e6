import type { DatabaseSync } from 'node:sqlite';
import { ChangeRecorder } from './changeRecorder.ts';
import { applyChange, inverse, type RowChange } from './rowChanges.ts';
import { inTransaction } from './transaction.ts';
import type { HistoryState } from './types.ts';

export type { HistoryState };

export interface EditSummary {
  editId: number;
  action: string;
  videoId: string | null;
  changes: RowChange[];
}

/**
 * Runs a user action's row writes and logs them, in one transaction: when the call
 * returns the edit is on disk. A new edit drops the annotator's redo stack (the undone edits
 * stay in the log as 'dropped').
 */
/** The next value of the project's one sequence of applications (migrations.ts, v3). */
const NEXT_APPLIED_SEQ = '(SELECT COALESCE(MAX(applied_seq), 0) + 1 FROM edits)';

export function commitEdit<T>(
  db: DatabaseSync,
  annotatorId: number,
  action: string,
  videoId: string | null,
  work: (rows: ChangeRecorder) => T,
): { edit: EditSummary; value: T } {
  return inTransaction(db, () => {
    const rows = new ChangeRecorder(db);
    const value = work(rows);
    const changes = rows.changes;
    db.prepare(
      `UPDATE edits SET state = 'dropped' WHERE annotator_id = ? AND state = 'undone'`,
    ).run(annotatorId);
    const { lastInsertRowid } = db
      .prepare(
        `INSERT INTO edits (annotator_id, action, video_id, changes_json, created_at, applied_seq)
         VALUES (?, ?, ?, ?, ?, ${NEXT_APPLIED_SEQ})`,
      )
      .run(annotatorId, action, videoId, JSON.stringify(changes), new Date().toISOString());
    return { edit: { editId: Number(lastInsertRowid), action, videoId, changes }, value };
  });
}

/** Undoes the annotator's latest edit that is not undone; null when there is none. */
export function undo(db: DatabaseSync, annotatorId: number): EditSummary | null {
  return inTransaction(db, () => {
    const edit = db
      .prepare(
        `SELECT id, action, video_id, changes_json FROM edits
         WHERE annotator_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`,
      )
      .get(annotatorId) as EditRow | undefined;
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
export function redo(db: DatabaseSync, annotatorId: number): EditSummary | null {
  try {
    return redoLatest(db, annotatorId);
  } catch (err) {
    if ((err as { code?: string }).code !== 'CONFLICT') throw err;
    db.prepare(
      `UPDATE edits SET state = 'dropped' WHERE id = (SELECT id FROM edits
         WHERE annotator_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1)`,
    ).run(annotatorId);
    throw err;
  }
}

function redoLatest(db: DatabaseSync, annotatorId: number): EditSummary | null {
  return inTransaction(db, () => {
    // Edits are undone newest first, so the most recently undone one has the smallest id.
    const edit = db
      .prepare(
        `SELECT id, action, video_id, changes_json FROM edits
         WHERE annotator_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1`,
      )
      .get(annotatorId) as EditRow | undefined;
    if (!edit) return null;
    const changes = parseChanges(edit);
    for (const change of changes) applyChange(db, change);
    db.prepare(
      `UPDATE edits SET state = 'done', applied_seq = ${NEXT_APPLIED_SEQ} WHERE id = ?`,
    ).run(edit.id);
    return summary(edit, changes);
  });
}

export function historyState(db: DatabaseSync, annotatorId: number): HistoryState {
  const last = db
    .prepare(
      `SELECT action FROM edits WHERE annotator_id = ? AND state = 'done' ORDER BY id DESC LIMIT 1`,
    )
    .get(annotatorId) as { action: string } | undefined;
  const next = db
    .prepare(
      `SELECT action FROM edits WHERE annotator_id = ? AND state = 'undone' ORDER BY id ASC LIMIT 1`,
    )
    .get(annotatorId) as { action: string } | undefined;
  return {
    canUndo: last !== undefined,
    canRedo: next !== undefined,
    undoAction: last?.action ?? null,
    redoAction: next?.action ?? null,
  };
}

interface EditRow {
  id: number;
  action: string;
  video_id: string | null;
  changes_json: string;
}

function parseChanges(edit: EditRow): RowChange[] {
  return JSON.parse(edit.changes_json) as RowChange[];
}

function summary(edit: EditRow, changes: RowChange[]): EditSummary {
  return { editId: Number(edit.id), action: edit.action, videoId: edit.video_id, changes };
}
