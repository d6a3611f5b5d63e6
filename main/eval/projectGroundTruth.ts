import type { DatabaseSync } from 'node:sqlite';
import { groundTruthText } from '../formats/export/groundTruthExport.ts';
import { parseGroundTruth } from '../activitynet/parseGroundTruth.ts';
import { parseJsonText } from '../activitynet/readJsonFile.ts';
import type { GroundTruthFile, GroundTruthVideo } from '../activitynet/types.ts';

/**
 * Ground truth taken from a project for the in-app evaluation. The segments are exactly what
 * `actionline export --format activitynet [--annotator X]` writes (groundTruthExport.ts: the
 * layer's accepted, edited, manual and imported segments, never predicted or rejected ones;
 * without an annotator every layer, identical copies written once), so the in-app numbers
 * are those of `actionline eval` on the exported file, restricted to the reviewed videos.
 */

/** The subset name the evaluated videos carry inside the evaluation (it shows in warnings). */
export const EVAL_SUBSET = 'reviewed';

export const REVIEWED_RULE =
  'a video counts as ground truth once the annotator has reviewed it: they made, changed or ' +
  'rejected a segment there, decided on one of its predictions, confirmed a video label, or ' +
  'marked the video reviewed; videos holding imported ground truth count too. Reviewed ' +
  'videos without segments stay in: every prediction there is a false positive.';

/**
 * Ids of the videos `annotatorId` has reviewed (null: any annotator), in id order.
 * A 'reviewed' status counts for the annotator who set it (or when nobody is recorded).
 */
export function reviewedVideoIds(db: DatabaseSync, annotatorId: number | null): string[] {
  const mine = annotatorId === null ? 'IS NOT NULL' : '= ?';
  const params = annotatorId === null ? [] : [annotatorId, annotatorId, annotatorId, annotatorId];
  const rows = db
    .prepare(
      `SELECT v.id FROM videos v WHERE
         EXISTS (SELECT 1 FROM segments s WHERE s.video_id = v.id AND s.annotator_id ${mine})
         OR EXISTS (SELECT 1 FROM prediction_reviews r JOIN segments s ON s.id = r.segment_id
                    WHERE s.video_id = v.id AND r.annotator_id ${mine})
         OR EXISTS (SELECT 1 FROM video_labels l WHERE l.video_id = v.id
                    AND l.kind = 'confirmed' AND l.annotator_id ${mine})
         OR (v.review_status = 'reviewed' AND (v.updated_by IS NULL OR v.updated_by ${mine}))
         OR EXISTS (SELECT 1 FROM segments s WHERE s.video_id = v.id
                    AND s.annotator_id IS NULL AND s.provenance = 'imported')
       ORDER BY v.id`,
    )
    .all(...params) as { id: string }[];
  return rows.map((r) => r.id);
}

/**
 * The layer of `annotatorId` (null: every annotator's) as ActivityNet ground truth, only the
 * videos in `videoIds` (in that order), all of subset EVAL_SUBSET.
 */
export function layerGroundTruth(
  db: DatabaseSync,
  annotatorId: number | null,
  videoIds: readonly string[],
): GroundTruthFile {
  const exported = groundTruthText(db, annotatorId === null ? {} : { annotatorId });
  const file = parseGroundTruth(parseJsonText(exported.text, 'project'), 'project');
  const byId = new Map(file.videos.map((v) => [v.videoId, v]));
  const videos = videoIds
    .map((id) => byId.get(id))
    .filter((v): v is GroundTruthVideo => v !== undefined)
    .map((v) => ({ ...v, subset: EVAL_SUBSET }));
  return { ...file, videos, warnings: [] };
}

/** Confirmed video labels of `annotatorId` (null: anyone's), per video, code-point order of label. */
export function confirmedLabels(
  db: DatabaseSync,
  annotatorId: number | null,
): Map<string, string[]> {
  const statement = db.prepare(
    `SELECT DISTINCT video_id, label FROM video_labels WHERE kind = 'confirmed'
       AND annotator_id ${annotatorId === null ? 'IS NOT NULL' : '= ?'} ORDER BY video_id, label`,
  );
  const rows = statement.all(...(annotatorId === null ? [] : [annotatorId])) as {
    video_id: string;
    label: string;
  }[];
  const byVideo = new Map<string, string[]>();
  for (const { video_id: videoId, label } of rows) {
    const list = byVideo.get(videoId);
    if (list) list.push(label);
    else byVideo.set(videoId, [label]);
  }
  return byVideo;
}
