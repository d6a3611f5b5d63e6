import type { DatabaseSync } from 'node:sqlite';
import { classNames, getActiveLabelSet } from '../../project/labelSets.ts';
import type {
  DetectionEntry,
  GroundTruthAnnotation,
  ResultsFile,
} from '../../activitynet/types.ts';
import { framesToSeconds } from '../labelStudio/frames.ts';
import { isTaskShaped, parseLabelStudioTasks } from '../labelStudio/parseTasks.ts';
import type { LabelStudioFile, LabelStudioUser, TimelineRegion } from '../labelStudio/types.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { writeGroundTruth } from './importGroundTruth.ts';
import { writeResults } from './importResults.ts';
import { matchTaskVideos, type TaskVideo } from './labelStudioVideos.ts';
import type { ReviewedCount } from './markReviewed.ts';
import type { ImportOptions, ImportSummary } from './types.ts';
import { writeVideos } from './writeVideos.ts';

export interface LabelStudioPlan extends BaseImportPlan {
  format: 'label-studio';
  kind: 'labelStudio';
  data: LabelStudioFile;
}

/**
 * Label Studio tasks JSON for video with TimelineLabels (formats/labelStudio/): each
 * annotation becomes imported segments in its user's layer (`completed_by` → "ls-user-<id>",
 * or the user's email where the export carries it; `--annotator NAME` puts every user's into
 * NAME's layer), the predictions become one run of suggestions to review (model id
 * `imported:<file name>`, the model versions in its params). Frames become seconds at the
 * rate labelStudioVideos.ts picks per video.
 */
export const labelStudioImport: ImportFormat<LabelStudioPlan> = {
  name: 'label-studio',
  title:
    'Label Studio tasks JSON (an array of tasks with "data" and "annotations" or "predictions"; TimelineLabels regions)',
  detect: (json) => Array.isArray(json) || isTaskShaped(json),
  plan(json, file) {
    const data = parseLabelStudioTasks(json, file);
    return {
      format: 'label-studio',
      kind: 'labelStudio',
      file,
      data,
      warnings: data.warnings,
      groundTruth: data.tasks.some((t) => t.annotations.length > 0),
    };
  },
  write: writeLabelStudio,
  contents: (plan) =>
    plan.groundTruth ? 'Label Studio annotations' : 'Label Studio tasks without annotations',
};

/** The layer name of a Label Studio user. */
export function annotatorOfUser(user: LabelStudioUser): string {
  switch (user.kind) {
    case 'id':
      return `ls-user-${user.id}`;
    case 'email':
      return user.email;
    case 'unknown':
      return 'ls-user-unknown';
  }
}

function writeLabelStudio(
  db: DatabaseSync,
  plan: LabelStudioPlan,
  options: ImportOptions,
): ImportSummary {
  const { file } = plan;
  const matched = matchTaskVideos(db, plan.data.tasks, file);
  const added = writeVideos(
    db,
    matched.videos.map((v) => ({ id: v.videoId })),
  ).added;
  const warnings = [...matched.warnings];
  const labels = new Set<string>();

  const layers = annotationLayers(matched.videos, options.annotator);
  let segments = 0;
  let replaced = 0;
  const reviewed: ReviewedCount = { marked: 0, already: 0 };
  const reviewedVideos = new Set<string>();
  for (const [name, byVideo] of layers.byName) {
    const videos = [...byVideo].map(([videoId, annotations]) => ({ videoId, annotations }));
    const summary = writeGroundTruth(db, { taxonomy: [], videos }, name, file, {
      markReviewed: options.markReviewed,
    });
    segments += summary.segments;
    replaced += summary.replaced;
    warnings.push(...summary.warnings);
    if (summary.reviewed) reviewed.marked += summary.reviewed.marked;
    for (const video of videos) {
      reviewedVideos.add(video.videoId);
      for (const a of video.annotations) labels.add(a.label);
    }
  }
  if (options.annotator !== undefined && layers.users.size > 0) {
    const shared = layers.videosOfSeveralUsers;
    warnings.push(
      `${file}: the annotations of ${layers.users.size} Label Studio user(s) (${[...layers.users].sort().join(', ')}) all went into the layer of "${options.annotator.trim()}" (--annotator)` +
        (shared > 0 ? `; ${shared} video(s) hold annotations of more than one of them` : ''),
    );
  }
  reviewed.already = reviewedVideos.size - reviewed.marked;

  const predictions = suggestionResults(matched.videos);
  let runId: number | null = null;
  let suggestions = 0;
  if (predictions.results.videos.length > 0) {
    const summary = writeResults(db, predictions.results, file, {
      format: 'label-studio',
      modelVersions: predictions.modelVersions,
    });
    runId = summary.runId;
    suggestions = summary.segments;
    replaced += summary.replaced;
    warnings.push(...summary.warnings);
    for (const video of predictions.results.videos) {
      for (const entry of video.entries) labels.add(entry.label);
    }
  }
  warnings.push(...unknownLabelWarning(db, labels, file));
  const annotators = [...layers.byName.keys()];
  // No prototype: a video id such as "__proto__" is a key like any other.
  const frameRates = Object.create(null) as Record<string, number>;
  for (const v of matched.videos) {
    if (v.fpsSource !== 'probed') frameRates[v.videoId] = v.fps.num / v.fps.den;
  }
  return {
    kind: 'labelStudio',
    file,
    videos: matched.videos.length,
    videosAdded: added,
    segments,
    videoLabels: 0,
    labels: labels.size,
    replaced,
    annotator: annotators.length === 1 ? annotators[0]! : null,
    annotators,
    suggestions,
    frameRates,
    runId,
    labelSetId: null,
    ...(options.markReviewed && { reviewed }),
    warnings,
  };
}

/** Each annotator's segments by video (videos in task order, annotators in name order). */
function annotationLayers(
  videos: readonly TaskVideo[],
  annotator: string | undefined,
): {
  byName: Map<string, Map<string, GroundTruthAnnotation[]>>;
  users: Set<string>;
  videosOfSeveralUsers: number;
} {
  const unsorted = new Map<string, Map<string, GroundTruthAnnotation[]>>();
  const users = new Set<string>();
  let videosOfSeveralUsers = 0;
  for (const video of videos) {
    const usersOfVideo = new Set<string>();
    for (const annotation of video.task.annotations) {
      const user = annotatorOfUser(annotation.user);
      users.add(user);
      usersOfVideo.add(user);
      const name = annotator?.trim() ?? user;
      let byVideo = unsorted.get(name);
      if (!byVideo) unsorted.set(name, (byVideo = new Map()));
      let list = byVideo.get(video.videoId);
      if (!list) byVideo.set(video.videoId, (list = []));
      for (const region of annotation.regions) list.push(toAnnotation(region, video));
    }
    if (usersOfVideo.size > 1) videosOfSeveralUsers++;
  }
  const byName = new Map([...unsorted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { byName, users, videosOfSeveralUsers };
}

function toAnnotation(region: TimelineRegion, video: TaskVideo): GroundTruthAnnotation {
  return {
    segment: framesToSeconds(region.startFrame, region.endFrame, video.fps),
    label: region.label,
  };
}

/** Every task with predictions, as a detection results file marked as suggestions. */
function suggestionResults(videos: readonly TaskVideo[]): {
  results: ResultsFile<'detection'>;
  modelVersions: string[];
} {
  const versions = new Set<string>();
  const results: ResultsFile<'detection'> = {
    task: 'detection',
    version: 'Label Studio',
    externalData: {},
    product: 'suggestions',
    videos: [],
    warnings: [],
  };
  for (const video of videos) {
    if (video.task.predictions.length === 0) continue;
    const entries: DetectionEntry[] = [];
    for (const prediction of video.task.predictions) {
      if (prediction.modelVersion !== null) versions.add(prediction.modelVersion);
      for (const region of prediction.regions) {
        entries.push({ ...toAnnotation(region, video), score: region.score ?? 0 });
      }
    }
    results.videos.push({ videoId: video.videoId, entries });
  }
  return { results, modelVersions: [...versions].sort() };
}

/** Labels that the project's active label set lacks (none is checked without a set); the other layer imports share it. */
export function unknownLabelWarning(
  db: DatabaseSync,
  labels: ReadonlySet<string>,
  file: string,
): string[] {
  const active = getActiveLabelSet(db);
  if (active === null || labels.size === 0) return [];
  const known = new Set(classNames(db, active.id));
  const unknown = [...labels].filter((l) => !known.has(l)).sort();
  if (unknown.length === 0) return [];
  const shown = unknown.slice(0, 10).map((l) => JSON.stringify(l));
  if (unknown.length > 10) shown.push(`… ${unknown.length - 10} more`);
  return [
    `${file}: ${unknown.length} label(s) are not in the active label set "${active.name}": ${shown.join(', ')} (imported as they are)`,
  ];
}
