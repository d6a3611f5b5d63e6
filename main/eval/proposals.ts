import type { GroundTruthFile, ResultsFile, SegmentSec } from '../activitynet/types.ts';
import { finiteOrNull, trapezoid } from './numpyArithmetic.ts';
import { descendingScoreOrder } from './rankOrder.ts';
import { segmentTiou } from './segmentTiou.ts';
import { ANET_TIOU_THRESHOLDS } from './tiouThresholds.ts';
import { selectGroundTruth, selectPredictions, type EvalOptions } from './evalSelection.ts';

/**
 * Temporal action proposals as the official eval_proposal.py: average recall (over the tIoU
 * thresholds) against the average number of proposals per video, and the area under it.
 * Every step is done in the official order so the floating-point results are identical.
 */

export interface ProposalOptions extends EvalOptions {
  /** M, the largest average number of proposals per video (default 100, as get_proposal_performance.py). */
  maxAvgProposals?: number;
  tiouThresholds?: readonly number[];
}

export interface ProposalEvaluation {
  subset: string;
  /** Area under the AR–AN curve in percent of AN[last]; null when undefined. */
  auc: number | null;
  /** AR[j] at AN[j], j = 0…99 (AN[j] ≈ j + 1 when M = 100). */
  averageRecall: (number | null)[];
  averageNumberOfProposals: (number | null)[];
  /** recall[t][j]: recall at threshold t with the j-th budget. */
  recall: number[][];
  tiouThresholds: number[];
  /** proposals: P, every proposal of the results; keptProposals: T, those inside the per-video budget. */
  counts: { videos: number; instances: number; proposals: number; keptProposals: number };
  warnings: string[];
}

const CURVE_POINTS = 100;

/** One ground-truth video: for each threshold and instance, the rank of its first kept proposal with tIoU ≥ threshold. */
interface VideoHits {
  keptCount: number;
  firstHitRank: Int32Array[];
}

const NO_HIT = 0x7fffffff;

function videoHits(
  gtSegments: SegmentSec[],
  kept: SegmentSec[],
  thresholds: readonly number[],
): VideoHits {
  const firstHitRank = thresholds.map((threshold) =>
    Int32Array.from(gtSegments, (gt) => {
      // tIoU ≥ threshold is false for NaN (two zero-length segments), as in numpy.
      const rank = kept.findIndex((p) => segmentTiou(p, gt) >= threshold);
      return rank < 0 ? NO_HIT : rank;
    }),
  );
  // The official code gives a video without proposals one column of zeros instead of none;
  // either way nothing matches, so the count of kept proposals is used as is.
  return { keptCount: kept.length, firstHitRank };
}

export function evaluateProposals(
  gtFile: GroundTruthFile,
  results: ResultsFile<'proposals'>,
  options: ProposalOptions = {},
): ProposalEvaluation {
  const thresholds = [...(options.tiouThresholds ?? ANET_TIOU_THRESHOLDS)];
  const maxAvg = options.maxAvgProposals ?? 100;
  const gt = selectGroundTruth(gtFile, options);
  const preds = selectPredictions(results, gt, options);
  const warnings = [...gt.warnings, ...preds.warnings];
  const videoCount = gt.videoIds.length;
  const proposalCount = preds.entryCount;
  const undefinedResult = (keptProposals: number): ProposalEvaluation => ({
    subset: gt.subset,
    auc: null,
    averageRecall: new Array<null>(CURVE_POINTS).fill(null),
    averageNumberOfProposals: new Array<null>(CURVE_POINTS).fill(null),
    recall: [],
    tiouThresholds: thresholds,
    counts: {
      videos: videoCount,
      instances: gt.instances.length,
      proposals: proposalCount,
      keptProposals,
    },
    warnings,
  });
  if (videoCount === 0) return undefinedResult(0);
  if (proposalCount === 0) {
    warnings.push(
      'the results have no proposals; the official code divides by zero, every metric is undefined',
    );
    return undefinedResult(0);
  }

  // Step 1–2: one ratio for the whole file; each video keeps its best floor(count · ratio).
  const ratio = (maxAvg * videoCount) / proposalCount;
  const gtByVideo = new Map<string, SegmentSec[]>();
  for (const instance of gt.instances) {
    const list = gtByVideo.get(instance.videoId) ?? [];
    list.push(instance.segment);
    gtByVideo.set(instance.videoId, list);
  }
  const proposalsByVideo = new Map(preds.videos.map((v) => [v.videoId, v.entries]));
  let keptTotal = 0;
  const hits = gt.videoIds.map((videoId) => {
    const entries = proposalsByVideo.get(videoId) ?? [];
    const order = descendingScoreOrder(entries.map((e) => e.score));
    const kept = Math.min(Math.trunc(entries.length * ratio), entries.length);
    keptTotal += kept;
    const segments = order.slice(0, kept).map((i) => entries[i]!.segment);
    return videoHits(gtByVideo.get(videoId)!, segments, thresholds);
  });
  if (keptTotal === 0) {
    warnings.push(
      'no video keeps a proposal within the budget; the official code divides by zero, every metric is undefined',
    );
    return undefinedResult(0);
  }

  // Step 3–4: budgets pcn[j], recall per threshold and budget.
  const scale = (maxAvg * videoCount) / keptTotal;
  const pcn = Array.from({ length: CURVE_POINTS }, (_, j) => ((j + 1) / 100.0) * scale);
  const positives = gt.instances.length;
  const recall = thresholds.map((_, t) =>
    pcn.map((budget) => {
      let matched = 0;
      for (const video of hits) {
        const limit = Math.min(Math.trunc(video.keptCount * budget), video.keptCount);
        for (const rank of video.firstHitRank[t]!) if (rank < limit) matched++;
      }
      return matched / positives;
    }),
  );

  // Step 5: recall.mean(axis=0) adds the threshold rows in order (no pairwise step across rows).
  const averageRecall = pcn.map((_, j) => {
    let sum = 0;
    for (const row of recall) sum += row[j]!;
    return sum / thresholds.length;
  });
  const averageNumberOfProposals = pcn.map((p) => p * (keptTotal / videoCount));
  const area = trapezoid(averageRecall, averageNumberOfProposals);
  return {
    subset: gt.subset,
    auc: finiteOrNull((100.0 * area) / averageNumberOfProposals[CURVE_POINTS - 1]!),
    averageRecall: averageRecall.map(finiteOrNull),
    averageNumberOfProposals: averageNumberOfProposals.map(finiteOrNull),
    recall,
    tiouThresholds: thresholds,
    counts: {
      videos: videoCount,
      instances: positives,
      proposals: proposalCount,
      keptProposals: keptTotal,
    },
    warnings,
  };
}
