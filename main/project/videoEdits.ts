import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { commitEdit } from './editLog.ts';
import { commitDecision } from './reviewProgress.ts';
import { toVideoLabel } from './rowMapping.ts';
import { REVIEW_STATUSES, type ReviewStatus, type VideoLabelRecord } from './types.ts';
import { requireVideo } from './videos.ts';

/** Video-level actions of an annotator: confirm or drop labels, set the review status. */

export function confirmVideoLabel(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  label: string,
) {
  requireVideo(db, videoId);
  const trimmed = label.trim();
  if (trimmed.length === 0) throw new ActionlineError('BAD_ARGUMENT', 'label is empty');
  const existing = confirmedRow(db, annotatorId, videoId, trimmed);
  return commitDecision(db, annotatorId, `confirm label ${trimmed}`, videoId, (rows) => {
    if (existing) return toVideoLabel(existing);
    return toVideoLabel(
      rows.insert('video_labels', {
        video_id: videoId,
        label: trimmed,
        kind: 'confirmed',
        annotator_id: annotatorId,
        updated_at: new Date().toISOString(),
      }),
    );
  });
}

export function removeVideoLabel(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  label: string,
) {
  const existing = confirmedRow(db, annotatorId, videoId, label.trim());
  if (!existing) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `"${label}" is not a confirmed label of "${videoId}"`,
    );
  }
  return commitDecision(db, annotatorId, `remove label ${label.trim()}`, videoId, (rows) => {
    rows.delete('video_labels', existing.id as number);
  });
}

export function setReviewStatus(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  status: ReviewStatus,
) {
  requireVideo(db, videoId);
  if (!REVIEW_STATUSES.includes(status)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `review status must be one of ${REVIEW_STATUSES.join(', ')}, got "${status}"`,
    );
  }
  return commitEdit(db, annotatorId, `mark ${status.replace('_', ' ')}`, videoId, (rows) => {
    rows.update('videos', videoId, { review_status: status, updated_by: annotatorId });
  });
}

/** Predicted labels (best first) and the confirmed labels of every annotator. */
export function videoLabels(db: DatabaseSync, videoId: string): VideoLabelRecord[] {
  return db
    .prepare(
      `SELECT * FROM video_labels WHERE video_id = ?
       ORDER BY kind DESC, score DESC, id`,
    )
    .all(videoId)
    .map(toVideoLabel);
}

function confirmedRow(db: DatabaseSync, annotatorId: number, videoId: string, label: string) {
  return db
    .prepare(
      `SELECT * FROM video_labels
       WHERE video_id = ? AND annotator_id = ? AND kind = 'confirmed' AND label = ?`,
    )
    .get(videoId, annotatorId, label) as Record<string, unknown> | undefined;
}
