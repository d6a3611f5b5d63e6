import { ActionlineError } from '../base/errors.ts';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import { gaussianSmooth } from './gaussianSmooth.ts';
import { temporalNms } from './nms.ts';
import { checkSnippetScores, classColumn } from './snippetScores.ts';
import { snippetBoundsSec } from './snippetTiling.ts';
import { toProbabilities } from './softmax.ts';
import {
  DEFAULT_TAG_OPTIONS,
  tagRegions,
  type SnippetRegion,
  type TagOptions,
} from './tagGrouping.ts';
import {
  DEFAULT_RANKING_OPTIONS,
  rankVideo,
  topVideoLabels,
  type RankingOptions,
} from './videoRanking.ts';

/**
 * From one video's snippet scores to its ActivityNet outputs: video labels (classification)
 * and labelled segments (detection). The rule is written out in ./README.md.
 */

export interface DetectionOptions {
  /** Classes that never become labels or segments (the manifest's background classes). */
  backgroundLabels: readonly string[];
  /** Video labels reported for classification. */
  labelsPerVideo: number;
  /** Best video-level classes that get segments. */
  classesPerVideo: number;
  /** Proposal generation on each class's probability curve. */
  tag: TagOptions;
  /** Width of the outer band on each side, as a fraction of the segment (at least 1 snippet). */
  contrastMarginFraction: number;
  /** Per-class NMS over the final segments. */
  nmsTiou: number;
  maxSegmentsPerVideo: number;
  ranking: RankingOptions;
}

export const DEFAULT_DETECTION_OPTIONS: DetectionOptions = {
  backgroundLabels: ['background'],
  labelsPerVideo: 5,
  classesPerVideo: 3,
  tag: DEFAULT_TAG_OPTIONS,
  contrastMarginFraction: 0.25,
  nmsTiou: 0.7,
  maxSegmentsPerVideo: 100,
  ranking: DEFAULT_RANKING_OPTIONS,
};

export interface VideoDetections {
  /** Best classes first (classification results). */
  labels: VideoLabel[];
  /** By score, descending; equal scores by start, end, then label (detection results). */
  segments: ScoredSegment[];
}

/** Video labels and segments of one video; `durationSec` closes the last snippet's stretch. */
export function detectVideo(
  scores: SnippetScores,
  durationSec: number,
  overrides: Partial<DetectionOptions> = {},
): VideoDetections {
  const options: DetectionOptions = { ...DEFAULT_DETECTION_OPTIONS, ...overrides };
  checkSnippetScores(scores);
  if (!(Number.isFinite(durationSec) && durationSec > 0)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `detection needs a duration > 0 s, got ${durationSec}`,
    );
  }
  const snippetCount = scores.snippetCenterSec.length;
  if (snippetCount === 0) return { labels: [], segments: [] };

  const ranking = rankVideo([{ scores, weight: 1 }], options.ranking);
  const labels = topVideoLabels(ranking, options.labelsPerVideo, options.backgroundLabels);
  const detectedClasses = topVideoLabels(
    ranking,
    options.classesPerVideo,
    options.backgroundLabels,
  );
  const probabilities = toProbabilities(scores);
  const boundsSec = snippetBoundsSec(scores.snippetCenterSec, durationSec);

  const segments: ScoredSegment[] = [];
  for (const videoLabel of detectedClasses) {
    const curve = classColumn(probabilities, scores.labels.indexOf(videoLabel.label));
    const smoothed = gaussianSmooth(curve, options.tag.sigmaSnippets);
    const candidates: ScoredSegment[] = [];
    for (const region of tagRegions(curve, options.tag)) {
      // Raw contrast pins boundaries where the probability changes; the smoothed one (the
      // curve TAG grouped on) gives no credit to short peaks inside a longer action.
      const contrast =
        (outerInnerContrast(curve, region, options.contrastMarginFraction) +
          outerInnerContrast(smoothed, region, options.contrastMarginFraction)) /
        2;
      const score = videoLabel.score * contrast;
      if (!(score > 0)) continue;
      candidates.push({
        startSec: boundsSec[region.firstSnippet] as number,
        endSec: boundsSec[region.lastSnippet + 1] as number,
        label: videoLabel.label,
        score,
      });
    }
    segments.push(...temporalNms(candidates, options.nmsTiou));
  }
  segments.sort(compareSegments);
  return { labels, segments: segments.slice(0, Math.max(0, options.maxSegmentsPerVideo)) };
}

/**
 * Mean probability inside the region minus the mean over a band of
 * max(1, round(fraction · length)) snippets on each side, clipped to the video; a region
 * with nothing outside it (the whole video) gets its inside mean. Exported for tests.
 */
export function outerInnerContrast(
  curve: Float64Array,
  region: SnippetRegion,
  marginFraction: number,
): number {
  const { firstSnippet, lastSnippet } = region;
  const length = lastSnippet - firstSnippet + 1;
  const margin = Math.max(1, Math.round(marginFraction * length));
  const innerMean = sumOf(curve, firstSnippet, lastSnippet + 1) / length;
  const outerFirst = Math.max(0, firstSnippet - margin);
  const outerEnd = Math.min(curve.length, lastSnippet + 1 + margin);
  const outerCount = outerEnd - outerFirst - length;
  if (outerCount === 0) return innerMean;
  const outerSum = sumOf(curve, outerFirst, firstSnippet) + sumOf(curve, lastSnippet + 1, outerEnd);
  return innerMean - outerSum / outerCount;
}

function sumOf(values: Float64Array, first: number, end: number): number {
  let sum = 0;
  for (let i = first; i < end; i++) sum += values[i] as number;
  return sum;
}

function compareSegments(a: ScoredSegment, b: ScoredSegment): number {
  return (
    b.score - a.score ||
    a.startSec - b.startSec ||
    a.endSec - b.endSec ||
    (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)
  );
}
