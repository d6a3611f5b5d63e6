import type { GroundTruthFile, ResultsFile } from '../activitynet/types.ts';
import { apFromHits } from './interpolatedAp.ts';
import { compareCodePoints, finiteOrNull, numpyMean } from './numpyArithmetic.ts';
import { descendingScoreOrder } from './rankOrder.ts';
import { selectGroundTruth, selectPredictions, type EvalOptions } from './evalSelection.ts';
import { classesWithoutPredictions, unknownLabelWarnings } from './evalWarnings.ts';

/**
 * Untrimmed video classification as the official eval_classification.py: AP per class and
 * its mean, hit@k and average hit@k. The ground truth is the set of unique (video, label)
 * pairs of the subset.
 */

export interface ClassificationOptions extends EvalOptions {
  /** k of hit@k (default 3, as the official toolkit). */
  topK?: number;
}

export interface ClassificationEvaluation {
  subset: string;
  topK: number;
  mAP: number | null;
  hitAtK: number | null;
  avgHitAtK: number | null;
  /** Ground-truth classes in order of first appearance. */
  apPerClass: { label: string; ap: number }[];
  counts: { videos: number; labels: number; predictions: number };
  warnings: string[];
}

export interface ScoredVideo {
  videoId: string;
  score: number;
}

export interface LabeledScore {
  label: string;
  score: number;
}

/**
 * AP of one class (compute_average_precision_classification): predictions by score, high
 * first; one on a video that carries the label is a true positive the first time and a false
 * positive after that; one on any other video is a false positive.
 */
export function classificationClassAp(
  positiveVideoIds: ReadonlySet<string>,
  predictions: readonly ScoredVideo[],
): number {
  const claimed = new Set<string>();
  const hits = descendingScoreOrder(predictions.map((p) => p.score)).map((i) => {
    const videoId = (predictions[i] as ScoredVideo).videoId;
    if (!positiveVideoIds.has(videoId) || claimed.has(videoId)) return false;
    claimed.add(videoId);
    return true;
  });
  return apFromHits(hits, positiveVideoIds.size);
}

/**
 * Hit@k of one video (compute_video_hit_at_k): the share of its ground-truth labels found
 * among its k best-scored predictions (equal scores in input order). Average hit@k uses that
 * share; hit@k rounds it up to 1 when any label is found.
 */
export function videoHitShare(
  gtLabels: ReadonlySet<string>,
  predictions: readonly LabeledScore[],
  topK: number,
): number {
  if (predictions.length === 0) return 0;
  const top = new Set(
    descendingScoreOrder(predictions.map((p) => p.score))
      .slice(0, topK)
      .map((i) => (predictions[i] as LabeledScore).label),
  );
  let found = 0;
  for (const label of gtLabels) if (top.has(label)) found++;
  return found / gtLabels.size;
}

export function evaluateClassification(
  gtFile: GroundTruthFile,
  results: ResultsFile<'classification'>,
  options: ClassificationOptions = {},
): ClassificationEvaluation {
  const topK = options.topK ?? 3;
  const gt = selectGroundTruth(gtFile, options);
  const preds = selectPredictions(results, gt, options);
  const warnings = [...gt.warnings, ...preds.warnings];
  warnings.push(
    ...unknownLabelWarnings(
      preds.videos,
      gt,
      'they count toward no class in AP and take their place in the top-k of hit@k',
    ),
  );

  const labelsByVideo = new Map<string, Set<string>>();
  const videosByLabel = new Map<string, Set<string>>(gt.classes.map((label) => [label, new Set()]));
  for (const { videoId, label } of gt.instances) {
    const labels = labelsByVideo.get(videoId) ?? new Set<string>();
    labels.add(label);
    labelsByVideo.set(videoId, labels);
    videosByLabel.get(label)!.add(videoId);
  }

  const predsByLabel = new Map<string, ScoredVideo[]>();
  const predsByVideo = new Map<string, LabeledScore[]>();
  for (const video of preds.videos) {
    predsByVideo.set(video.videoId, video.entries);
    for (const entry of video.entries) {
      const list = predsByLabel.get(entry.label) ?? [];
      list.push({ videoId: video.videoId, score: entry.score });
      predsByLabel.set(entry.label, list);
    }
  }
  warnings.push(...classesWithoutPredictions(gt.classes, new Set(predsByLabel.keys())));

  const apPerClass = gt.classes.map((label) => ({
    label,
    ap: classificationClassAp(videosByLabel.get(label)!, predsByLabel.get(label) ?? []),
  }));
  // np.unique sorts the video ids; the order only moves the last bits of the pairwise mean.
  const videoIds = [...labelsByVideo.keys()].sort(compareCodePoints);
  const shares = videoIds.map((id) =>
    videoHitShare(labelsByVideo.get(id)!, predsByVideo.get(id) ?? [], topK),
  );
  const labelCount = [...labelsByVideo.values()].reduce((n, s) => n + s.size, 0);
  return {
    subset: gt.subset,
    topK,
    mAP: finiteOrNull(numpyMean(apPerClass.map((c) => c.ap))),
    hitAtK: finiteOrNull(numpyMean(shares.map((s) => Math.ceil(s)))),
    avgHitAtK: finiteOrNull(numpyMean(shares)),
    apPerClass,
    counts: { videos: videoIds.length, labels: labelCount, predictions: preds.entryCount },
    warnings,
  };
}
