import type { DatabaseSync } from 'node:sqlite';
import type { GroundTruthAnnotation } from '../../activitynet/types.ts';
import { writeGroundTruth } from './importGroundTruth.ts';
import { unknownLabelWarning } from './labelStudioImport.ts';
import type { ReviewedCount } from './markReviewed.ts';
import { DEFAULT_GROUND_TRUTH_ANNOTATOR, type ImportOptions, type ImportSummary } from './types.ts';

/** An imported segment, and the layer the file names for it (null: the default layer). */
export interface LayerAnnotation extends GroundTruthAnnotation {
  videoId: string;
  annotator: string | null;
}

/**
 * Writes a ground-truth file's segments into annotators' layers, in the caller's transaction
 * (VIA, FiftyOne, THUMOS14 ground truth): `--annotator NAME` takes every segment, else the
 * layer the file names for a segment, else "ground truth". Every video of the file is written
 * (with its subset where the file gives one),
 * also those without segments, so that importing a file again replaces its imported segments.
 */
export function writeLayers(
  db: DatabaseSync,
  file: string,
  videos: readonly { videoId: string; subset?: string }[],
  annotations: readonly LayerAnnotation[],
  options: ImportOptions,
): ImportSummary {
  const forced = options.annotator?.trim();
  const byLayer = new Map<string, Map<string, GroundTruthAnnotation[]>>();
  const named = new Set<string>();
  for (const a of annotations) {
    if (a.annotator !== null) named.add(a.annotator);
    const layer = forced ?? a.annotator ?? DEFAULT_GROUND_TRUTH_ANNOTATOR;
    let byVideo = byLayer.get(layer);
    if (!byVideo) byLayer.set(layer, (byVideo = new Map()));
    let list = byVideo.get(a.videoId);
    if (!list) byVideo.set(a.videoId, (list = []));
    list.push({ segment: a.segment, label: a.label });
  }
  if (byLayer.size === 0) byLayer.set(forced ?? DEFAULT_GROUND_TRUTH_ANNOTATOR, new Map());
  const warnings: string[] = [];
  const labels = new Set<string>();
  const reviewed: ReviewedCount = { marked: 0, already: 0 };
  let segments = 0;
  let replaced = 0;
  let added = 0;
  const layers = [...byLayer.keys()].sort();
  for (const layer of layers) {
    const byVideo = byLayer.get(layer)!;
    // Each layer gets every video of the file: its earlier import of them is replaced.
    const layerVideos = videos.map((v) => ({ ...v, annotations: byVideo.get(v.videoId) ?? [] }));
    const summary = writeGroundTruth(db, { taxonomy: [], videos: layerVideos }, layer, file, {
      markReviewed: options.markReviewed,
    });
    segments += summary.segments;
    replaced += summary.replaced;
    added += summary.videosAdded;
    warnings.push(...summary.warnings);
    if (summary.reviewed) reviewed.marked += summary.reviewed.marked;
    for (const video of layerVideos) for (const a of video.annotations) labels.add(a.label);
  }
  reviewed.already = videos.length - reviewed.marked;
  if (forced !== undefined && named.size > 1) {
    warnings.push(
      `${file}: the segments of ${named.size} annotators (${[...named].sort().join(', ')}) all went into the layer of "${forced}" (--annotator)`,
    );
  }
  warnings.push(...unknownLabelWarning(db, labels, file));
  return {
    kind: 'groundTruth',
    file,
    videos: videos.length,
    videosAdded: added,
    segments,
    videoLabels: 0,
    labels: labels.size,
    replaced,
    annotator: layers.length === 1 ? layers[0]! : null,
    ...(layers.length > 1 && { annotators: layers }),
    runId: null,
    labelSetId: null,
    ...(options.markReviewed && { reviewed }),
    warnings,
  };
}
