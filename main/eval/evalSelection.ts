import type {
  GroundTruthFile,
  ResultsEntry,
  ResultsFile,
  ResultsTask,
  ResultsVideo,
  SegmentSec,
} from '../activitynet/types.ts';

/**
 * What the official toolkit evaluates: the ground truth of one subset and every video of the
 * results file, both without the excluded ("blocked") videos. Builds the warnings for the
 * cases where the official code silently scores zero.
 */

export interface EvalOptions {
  /** Ground-truth subset to evaluate (default `validation`). */
  subset?: string;
  /** Video ids dropped from ground truth and results, in place of the official downloaded blocked list. */
  excludedVideoIds?: Iterable<string>;
  /**
   * Match a results video id to the ground-truth id that differs only by a `v_` prefix. Off
   * by default: the official code scores such videos as false positives (Actionline warns).
   */
  matchVPrefix?: boolean;
}

export const DEFAULT_SUBSET = 'validation';

export interface GroundTruthInstance {
  videoId: string;
  label: string;
  segment: SegmentSec;
}

export interface GroundTruthSelection {
  subset: string;
  /** Labels in order of first appearance (the official `activity_index`). */
  classes: string[];
  /** Videos of the subset with at least one annotation, in file order (the official video list). */
  videoIds: string[];
  /** Every annotation of those videos, in file order. */
  instances: GroundTruthInstance[];
  /** Every video of the subset, also those without annotations. */
  subsetVideoIds: Set<string>;
  warnings: string[];
}

export function selectGroundTruth(
  gt: GroundTruthFile,
  options: EvalOptions = {},
): GroundTruthSelection {
  const subset = options.subset ?? DEFAULT_SUBSET;
  const excluded = new Set(options.excludedVideoIds ?? []);
  const classes = new Set<string>();
  const videoIds: string[] = [];
  const instances: GroundTruthInstance[] = [];
  const subsetVideoIds = new Set<string>();
  for (const video of gt.videos) {
    if (video.subset !== subset || excluded.has(video.videoId)) continue;
    subsetVideoIds.add(video.videoId);
    if (video.annotations.length > 0) videoIds.push(video.videoId);
    for (const ann of video.annotations) {
      classes.add(ann.label);
      instances.push({ videoId: video.videoId, label: ann.label, segment: ann.segment });
    }
  }
  const warnings: string[] = [];
  if (instances.length === 0) {
    const subsets = [...new Set(gt.videos.map((v) => v.subset))].map((s) => `"${s}"`).join(', ');
    warnings.push(
      `subset "${subset}" has no annotated videos${excluded.size > 0 ? ' left after --exclude' : ''} (subsets in the ground truth: ${subsets || 'none'}); every metric is undefined`,
    );
  }
  return { subset, classes: [...classes], videoIds, instances, subsetVideoIds, warnings };
}

export interface PredictionSelection<T extends ResultsTask> {
  /** Results videos in file order, excluded ones removed, ids remapped when asked to. */
  videos: ResultsVideo<T>[];
  /** Number of entries over all those videos. */
  entryCount: number;
  warnings: string[];
}

/** What happens, in the official arithmetic, to results on videos outside the subset. */
const OUTSIDE_CONSEQUENCE: Record<ResultsTask, string> = {
  detection: 'count as false positives',
  classification: 'count as false positives in AP',
  proposals: 'count in the total number of proposals that sets the per-video budget',
};

export function selectPredictions<T extends ResultsTask>(
  results: ResultsFile<T>,
  gt: GroundTruthSelection,
  options: EvalOptions = {},
): PredictionSelection<T> {
  const excluded = new Set(options.excludedVideoIds ?? []);
  const warnings: string[] = [];
  const byId = new Map<string, ResultsEntry<T>[]>();
  let prefixMismatches = 0;
  let prefixExample = '';
  for (const video of results.videos) {
    if (excluded.has(video.videoId)) continue;
    let videoId = video.videoId;
    if (!gt.subsetVideoIds.has(videoId)) {
      const toggled = videoId.startsWith('v_') ? videoId.slice(2) : `v_${videoId}`;
      if (gt.subsetVideoIds.has(toggled)) {
        prefixMismatches++;
        if (prefixExample === '') prefixExample = `"${videoId}" vs "${toggled}"`;
        if (options.matchVPrefix) videoId = toggled;
      }
    }
    const entries = byId.get(videoId);
    if (entries) entries.push(...video.entries);
    else byId.set(videoId, [...video.entries]);
  }
  if (prefixMismatches > 0) {
    warnings.push(
      options.matchVPrefix
        ? `${prefixMismatches} results video ids differ from ground-truth ids only by a "v_" prefix (e.g. ${prefixExample}); matched to the ground-truth ids (--match-v-prefix)`
        : `${prefixMismatches} results video ids differ from ground-truth ids only by a "v_" prefix (e.g. ${prefixExample}); as in the official code they do not match, so their results ${OUTSIDE_CONSEQUENCE[results.task]} (--match-v-prefix matches them)`,
    );
  }
  const videos = [...byId].map(([videoId, entries]) => ({ videoId, entries }));
  const entryCount = videos.reduce((n, v) => n + v.entries.length, 0);
  const outside = videos.filter((v) => !gt.subsetVideoIds.has(v.videoId) && v.entries.length > 0);
  if (outside.length > 0) {
    const count = outside.reduce((n, v) => n + v.entries.length, 0);
    warnings.push(
      `${outside.length} results videos (${count} entries) are not in subset "${gt.subset}" of the ground truth; as in the official code they ${OUTSIDE_CONSEQUENCE[results.task]}`,
    );
  }
  const withResults = new Set(videos.filter((v) => v.entries.length > 0).map((v) => v.videoId));
  const missing = gt.videoIds.filter((id) => !withResults.has(id)).length;
  if (missing > 0) {
    warnings.push(
      `${missing} of ${gt.videoIds.length} annotated videos of subset "${gt.subset}" have no results`,
    );
  }
  return { videos, entryCount, warnings };
}
