import type { DetectionSummary } from '../../shared/eval/evalTypes.ts';
import type { GroundTruthFile, ResultsFile } from '../activitynet/types.ts';
import { evaluateDetection, type DetectionEvaluation } from './detection.ts';
import { EVAL_SUBSET } from './projectGroundTruth.ts';
import { finiteOrNull, numpyMean } from './numpyArithmetic.ts';

/**
 * evaluateDetection (the official arithmetic) on project ground truth of subset EVAL_SUBSET,
 * with per-class instance and prediction counts and each class's AP averaged over thresholds.
 */
export function detectionSummary(
  gt: GroundTruthFile,
  results: ResultsFile<'detection'>,
): { summary: DetectionSummary; evaluation: DetectionEvaluation } {
  const evaluation = evaluateDetection(gt, results, { subset: EVAL_SUBSET });
  const instances = new Map<string, number>();
  for (const video of gt.videos) {
    for (const a of video.annotations) instances.set(a.label, (instances.get(a.label) ?? 0) + 1);
  }
  const predictions = new Map<string, number>();
  for (const video of results.videos) {
    for (const e of video.entries) predictions.set(e.label, (predictions.get(e.label) ?? 0) + 1);
  }
  return {
    evaluation,
    summary: {
      tiouThresholds: evaluation.tiouThresholds,
      mAP: evaluation.mAP,
      averageMAP: evaluation.averageMAP,
      perClass: evaluation.apPerClass.map((c) => ({
        label: c.label,
        instances: instances.get(c.label) ?? 0,
        predictions: predictions.get(c.label) ?? 0,
        ap: c.ap,
        averageAp: finiteOrNull(numpyMean(c.ap)),
      })),
      counts: evaluation.counts,
    },
  };
}

/** An empty summary of the same shape, for when there is nothing to evaluate. */
export function emptyDetectionSummary(tiouThresholds: readonly number[]): DetectionSummary {
  return {
    tiouThresholds: [...tiouThresholds],
    mAP: tiouThresholds.map(() => null),
    averageMAP: null,
    perClass: [],
    counts: { videos: 0, instances: 0, predictions: 0 },
  };
}
