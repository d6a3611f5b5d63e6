import type { DatabaseSync } from 'node:sqlite';
import { ensureAnnotator } from '../../project/annotators.ts';
import type { GroundTruthAnnotation, TaxonomyNode } from '../../activitynet/types.ts';
import { markReviewed } from './markReviewed.ts';
import { ensureTaxonomyLabelSet } from './taxonomyLabelSet.ts';
import type { ImportSummary } from './types.ts';
import { writeVideos } from './writeVideos.ts';

/**
 * Ground truth to write: an ActivityNet ground-truth file, or another format's annotations of
 * one annotator (no taxonomy; fields a format lacks are left out and keep what is stored).
 */
export interface GroundTruthInput {
  taxonomy: readonly TaxonomyNode[];
  videos: readonly {
    videoId: string;
    subset?: string;
    durationSec?: number;
    resolution?: string;
    url?: string;
    annotations: readonly GroundTruthAnnotation[];
  }[];
}

/**
 * Writes validated ground truth into the project (the caller holds the transaction):
 * the taxonomy as a label set, the videos with their metadata, and every annotation as a
 * segment of provenance 'imported' in the named annotator's layer (score NULL, times and
 * labels verbatim).
 *
 * Importing again replaces: the annotator's segments still marked 'imported' in the file's
 * videos are deleted first, so the same file twice gives one copy. Segments the annotator
 * has changed since (provenance 'edited', 'manual', …) are their work and are kept; a
 * warning counts them because they now sit beside the fresh import. The import is not an
 * undoable edit; an older undo step that touched a replaced segment reports a conflict.
 * With `markReviewed` the file's videos become 'reviewed' by the annotator (markReviewed.ts),
 * in the same transaction and likewise not undoable.
 */
export function writeGroundTruth(
  db: DatabaseSync,
  gt: GroundTruthInput,
  annotatorName: string,
  file: string,
  options: { markReviewed?: boolean } = {},
): ImportSummary {
  const annotator = ensureAnnotator(db, annotatorName);
  const labelSet = ensureTaxonomyLabelSet(db, gt.taxonomy, file);
  const videoOutcome = writeVideos(
    db,
    gt.videos.map((v) => ({
      id: v.videoId,
      subset: v.subset,
      durationSec: v.durationSec,
      resolution: v.resolution,
      url: v.url,
    })),
  );
  const removeImported = db.prepare(
    `DELETE FROM segments WHERE video_id = ? AND annotator_id = ? AND provenance = 'imported'`,
  );
  const countOwnWork = db.prepare(
    `SELECT count(*) AS n FROM segments WHERE video_id = ? AND annotator_id = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO segments (video_id, start_sec, end_sec, label, score, provenance, original_label,
       annotator_id, created_by, updated_at)
     VALUES (?, ?, ?, ?, NULL, 'imported', ?, ?, ?, ?)`,
  );
  const updatedAt = new Date().toISOString();
  const labels = new Set<string>();
  let replaced = 0;
  let keptEdits = 0;
  let segments = 0;
  for (const video of gt.videos) {
    replaced += Number(removeImported.run(video.videoId, annotator.id).changes);
    keptEdits += Number((countOwnWork.get(video.videoId, annotator.id) as { n: number }).n);
    for (const { segment, label } of video.annotations) {
      insert.run(
        video.videoId,
        segment.startSec,
        segment.endSec,
        label,
        label,
        annotator.id,
        annotator.id,
        updatedAt,
      );
      labels.add(label);
      segments++;
    }
  }
  const reviewed = options.markReviewed
    ? markReviewed(
        db,
        annotator.id,
        gt.videos.map((v) => v.videoId),
      )
    : undefined;
  const warnings: string[] = [];
  if (keptEdits > 0) {
    warnings.push(
      `${file}: ${keptEdits} segments that "${annotator.name}" made or changed in these videos are kept beside the imported ones`,
    );
  }
  if (videoOutcome.keptProbedDuration > 0) {
    warnings.push(
      `${file}: ${videoOutcome.keptProbedDuration} videos with linked media keep their probed duration instead of the file's`,
    );
  }
  return {
    kind: 'groundTruth',
    file,
    videos: gt.videos.length,
    videosAdded: videoOutcome.added,
    segments,
    videoLabels: 0,
    labels: labels.size,
    replaced,
    annotator: annotator.name,
    runId: null,
    labelSetId: labelSet?.id ?? null,
    ...(reviewed && { reviewed }),
    warnings,
  };
}
