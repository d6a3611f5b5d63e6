import type { GroundTruthFile, ResultsFile, SegmentSec } from '../activitynet/types.ts';
import { apFromHits } from './interpolatedAp.ts';
import { finiteOrNull, numpyMean } from './numpyArithmetic.ts';
import { descendingScoreOrder, descendingTiouOrder } from './rankOrder.ts';
import { segmentTiou } from './segmentTiou.ts';
import { ANET_TIOU_THRESHOLDS } from './tiouThresholds.ts';
import {
  selectGroundTruth,
  selectPredictions,
  type EvalOptions,
  type GroundTruthInstance,
} from './evalSelection.ts';
import { classesWithoutPredictions, unknownLabelWarnings } from './evalWarnings.ts';

/** Temporal action detection as the official eval_detection.py: AP per class and tIoU threshold, mAP, average mAP. */

export interface DetectionOptions extends EvalOptions {
  tiouThresholds?: readonly number[];
}

export interface ClassAp {
  label: string;
  /** AP at each tIoU threshold. */
  ap: number[];
}

export interface DetectionEvaluation {
  subset: string;
  tiouThresholds: number[];
  /** mAP at each threshold; null when the subset has no classes. */
  mAP: (number | null)[];
  averageMAP: number | null;
  /** Ground-truth classes in order of first appearance. */
  apPerClass: ClassAp[];
  counts: { videos: number; instances: number; predictions: number };
  warnings: string[];
}

export interface ScoredSegment {
  videoId: string;
  score: number;
  segment: SegmentSec;
}

export interface ClassDetectionAp {
  ap: number[];
  /** Predictions that matched through tIoU 0/0 = NaN (a zero-length prediction on a zero-length ground truth). */
  nanMatches: number;
}

/**
 * AP of one class at each threshold (compute_average_precision_detection). Predictions are
 * visited by score, high first. Per threshold, a prediction walks its video's ground truth by
 * descending tIoU: below the threshold → false positive; already matched at this threshold →
 * next; otherwise a true positive that locks that ground truth. Nothing left → false positive.
 * A NaN tIoU is not "below" anything (as in numpy), so it matches, and it is visited first.
 */
export function detectionClassAp(
  groundTruth: readonly { videoId: string; segment: SegmentSec }[],
  predictions: readonly ScoredSegment[],
  tiouThresholds: readonly number[] = ANET_TIOU_THRESHOLDS,
): ClassDetectionAp {
  const { hits, nanMatches } = detectionClassHits(groundTruth, predictions, tiouThresholds);
  return { ap: hits.map((h) => apFromHits(h, groundTruth.length)), nanMatches };
}

export interface ClassDetectionHits {
  /** Per threshold, per rank: 1 for a true positive. */
  hits: Uint8Array[];
  /** `order[rank]` is the index (in `predictions`) of the prediction at that rank. */
  order: number[];
  nanMatches: number;
}

/** The matching behind detectionClassAp, per rank, for precision–recall curves. */
export function detectionClassHits(
  groundTruth: readonly { videoId: string; segment: SegmentSec }[],
  predictions: readonly ScoredSegment[],
  tiouThresholds: readonly number[] = ANET_TIOU_THRESHOLDS,
): ClassDetectionHits {
  const gtByVideo = new Map<string, number[]>();
  groundTruth.forEach((gt, index) => {
    const list = gtByVideo.get(gt.videoId);
    if (list) list.push(index);
    else gtByVideo.set(gt.videoId, [index]);
  });
  const locked = tiouThresholds.map(() => new Uint8Array(groundTruth.length));
  const hits = tiouThresholds.map(() => new Uint8Array(predictions.length));
  let nanMatches = 0;
  const order = descendingScoreOrder(predictions.map((p) => p.score));
  order.forEach((predIndex, rank) => {
    const pred = predictions[predIndex] as ScoredSegment;
    const candidates = gtByVideo.get(pred.videoId);
    if (!candidates) return; // No ground truth of this class in the video: false positive.
    const tious = candidates.map((g) =>
      segmentTiou(pred.segment, (groundTruth[g] as GroundTruthInstance).segment),
    );
    const visit = descendingTiouOrder(tious);
    tiouThresholds.forEach((threshold, t) => {
      for (const k of visit) {
        const tiou = tious[k] as number;
        if (tiou < threshold) break;
        const g = candidates[k] as number;
        if (locked[t]![g]) continue;
        locked[t]![g] = 1;
        hits[t]![rank] = 1;
        if (t === 0 && Number.isNaN(tiou)) nanMatches++;
        break;
      }
    });
  });
  return { hits, order, nanMatches };
}

export function evaluateDetection(
  gtFile: GroundTruthFile,
  results: ResultsFile<'detection'>,
  options: DetectionOptions = {},
): DetectionEvaluation {
  const thresholds = [...(options.tiouThresholds ?? ANET_TIOU_THRESHOLDS)];
  const gt = selectGroundTruth(gtFile, options);
  const preds = selectPredictions(results, gt, options);
  const warnings = [...gt.warnings, ...preds.warnings];
  warnings.push(...unknownLabelWarnings(preds.videos, gt, 'they count toward no class'));

  const gtByLabel = groupBy(gt.instances, (i) => i.label);
  const predsByLabel = new Map<string, ScoredSegment[]>();
  for (const video of preds.videos) {
    for (const entry of video.entries) {
      const list = predsByLabel.get(entry.label) ?? [];
      list.push({ videoId: video.videoId, score: entry.score, segment: entry.segment });
      predsByLabel.set(entry.label, list);
    }
  }

  let nanMatches = 0;
  const apPerClass = gt.classes.map((label): ClassAp => {
    const result = detectionClassAp(
      gtByLabel.get(label) ?? [],
      predsByLabel.get(label) ?? [],
      thresholds,
    );
    nanMatches += result.nanMatches;
    return { label, ap: result.ap };
  });
  warnings.push(...classesWithoutPredictions(gt.classes, new Set(predsByLabel.keys())));
  if (nanMatches > 0) {
    warnings.push(
      `${nanMatches} zero-length predictions matched a zero-length ground truth through tIoU 0/0 = NaN, which the official code counts as a match at every threshold`,
    );
  }

  // The official ap matrix is thresholds × classes; mAP averages each row (pairwise, like numpy).
  const mAP = thresholds.map((_, t) =>
    finiteOrNull(numpyMean(apPerClass.map((c) => c.ap[t] as number))),
  );
  const averageMAP = mAP.some((m) => m === null) ? null : finiteOrNull(numpyMean(mAP as number[]));
  return {
    subset: gt.subset,
    tiouThresholds: thresholds,
    mAP,
    averageMAP,
    apPerClass,
    counts: {
      videos: gt.videoIds.length,
      instances: gt.instances.length,
      predictions: preds.entryCount,
    },
    warnings,
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const list = groups.get(key(item));
    if (list) list.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
