import type { DatabaseSync } from 'node:sqlite';
import type { ChangeRecorder } from './changeRecorder.ts';
import { commitEdit, type EditSummary } from './editLog.ts';
import type { ReviewStatus } from './types.ts';

/**
 * Commits an annotator's decision on a video (a segment added, changed, accepted, rejected,
 * split, merged or deleted; a video label confirmed or removed) as one edit, as commitEdit does.
 * The review status belongs to the video, not to an annotator (`videos.review_status`,
 * migrations.ts v1): the first decision anyone makes on an 'unreviewed' video puts it
 * 'in_progress' inside the same edit, so undoing that decision makes it 'unreviewed' again.
 * 'in_progress' and 'reviewed' stay as they are, and an edit that changed nothing (accepting
 * none, confirming a label already confirmed) changes no status.
 */
export function commitDecision<T>(
  db: DatabaseSync,
  annotatorId: number,
  action: string,
  videoId: string,
  work: (rows: ChangeRecorder) => T,
): { edit: EditSummary; value: T } {
  return commitEdit(db, annotatorId, action, videoId, (rows) => {
    const value = work(rows);
    if (rows.changes.length > 0) startReview(db, rows, annotatorId, videoId);
    return value;
  });
}

function startReview(
  db: DatabaseSync,
  rows: ChangeRecorder,
  annotatorId: number,
  videoId: string,
): void {
  const row = db.prepare('SELECT review_status FROM videos WHERE id = ?').get(videoId) as
    { review_status: ReviewStatus } | undefined;
  if (row?.review_status !== 'unreviewed') return;
  const status: ReviewStatus = 'in_progress';
  rows.update('videos', videoId, { review_status: status, updated_by: annotatorId });
}
