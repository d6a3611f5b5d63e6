import type { DatabaseSync } from 'node:sqlite';

/** What `import --mark-reviewed` did to the file's videos. */
export interface ReviewedCount {
  /** Videos that became 'reviewed' (from 'unreviewed' or 'in_progress'). */
  marked: number;
  /** Videos that were 'reviewed' already; they keep the annotator who reviewed them. */
  already: number;
}

/**
 * Marks imported ground truth's videos 'reviewed' by the annotator whose layer it went into,
 * in the import's transaction (the caller holds it), so the import and the statuses land or
 * fail together. Like the import, this is not an undoable edit: no edit is logged, and an older
 * undo step that changed one of these statuses reports a conflict instead of undoing over it.
 */
export function markReviewed(
  db: DatabaseSync,
  annotatorId: number,
  videoIds: readonly string[],
): ReviewedCount {
  const update = db.prepare(
    `UPDATE videos SET review_status = 'reviewed', updated_by = ?
     WHERE id = ? AND review_status <> 'reviewed'`,
  );
  let marked = 0;
  for (const videoId of videoIds) marked += Number(update.run(annotatorId, videoId).changes);
  return { marked, already: videoIds.length - marked };
}
