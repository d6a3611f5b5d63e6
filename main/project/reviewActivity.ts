import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { requireVideo } from './videos.ts';

/**
 * Review time as data: per video and annotator, the editor's active time (the page visible
 * and in use, or the video playing) and its actions (key presses and clicks), added up as the
 * editor reports them. Not an edit: it is not undone with the annotator's work.
 */

export interface ReviewActivity {
  videoId: string;
  annotatorId: number;
  activeMs: number;
  actions: number;
}

/** Adds what the editor measured since its last report. */
export function recordReviewActivity(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
  add: { activeMs: number; actions: number },
): ReviewActivity {
  requireVideo(db, videoId);
  if (!(Number.isInteger(add.activeMs) && add.activeMs >= 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `active time must be whole ms ≥ 0, got ${add.activeMs}`,
    );
  }
  if (!(Number.isInteger(add.actions) && add.actions >= 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `actions must be a whole number ≥ 0, got ${add.actions}`,
    );
  }
  db.prepare(
    `INSERT INTO review_activity (video_id, annotator_id, active_ms, actions, updated_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (video_id, annotator_id) DO UPDATE SET
       active_ms = active_ms + excluded.active_ms,
       actions = actions + excluded.actions,
       updated_at = excluded.updated_at`,
  ).run(videoId, annotatorId, add.activeMs, add.actions, new Date().toISOString());
  return reviewActivityOf(db, annotatorId, videoId);
}

export function reviewActivityOf(
  db: DatabaseSync,
  annotatorId: number,
  videoId: string,
): ReviewActivity {
  const row = db
    .prepare(
      'SELECT active_ms, actions FROM review_activity WHERE video_id = ? AND annotator_id = ?',
    )
    .get(videoId, annotatorId) as { active_ms: number; actions: number } | undefined;
  return { videoId, annotatorId, activeMs: row?.active_ms ?? 0, actions: row?.actions ?? 0 };
}
