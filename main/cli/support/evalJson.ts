import type { ClassificationEvaluation } from '../../eval/classification.ts';
import type { DetectionEvaluation } from '../../eval/detection.ts';
import type { ProposalEvaluation } from '../../eval/proposals.ts';

/**
 * The `--json` shapes of `actionline eval` (issue 5). Undefined numbers are null already;
 * JSON.stringify would also turn a stray NaN into null, never into `NaN`.
 */

export function detectionJson(result: DetectionEvaluation): object {
  return {
    tiouThresholds: result.tiouThresholds,
    mAP: result.mAP,
    averageMAP: result.averageMAP,
    apPerClass: Object.fromEntries(result.apPerClass.map((c) => [c.label, c.ap])),
  };
}

export function classificationJson(result: ClassificationEvaluation): object {
  return { mAP: result.mAP, hitAtK: result.hitAtK, avgHitAtK: result.avgHitAtK, topK: result.topK };
}

export function proposalsJson(result: ProposalEvaluation): object {
  return {
    auc: result.auc,
    averageRecall: result.averageRecall,
    averageNumberOfProposals: result.averageNumberOfProposals,
  };
}
