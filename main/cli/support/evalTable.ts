import type { ClassificationEvaluation } from '../../eval/classification.ts';
import type { DetectionEvaluation } from '../../eval/detection.ts';
import type { ProposalEvaluation } from '../../eval/proposals.ts';

/** Readable, column-aligned tables of `actionline eval` (without --json). Values in percent. */

const LABEL_MAX_CHARS = 36;

function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : (100 * value).toFixed(2);
}

function row(label: string, labelWidth: number, cells: string[], cellWidth = 7): string {
  const name = label.length > labelWidth ? `${label.slice(0, labelWidth - 1)}…` : label;
  return (name.padEnd(labelWidth) + cells.map((c) => c.padStart(cellWidth)).join('')).trimEnd();
}

export function detectionTable(result: DetectionEvaluation): string {
  const { videos, instances, predictions } = result.counts;
  const width = Math.min(
    LABEL_MAX_CHARS,
    Math.max(12, ...result.apPerClass.map((c) => c.label.length + 2)),
  );
  const lines = [
    `Detection, subset ${result.subset}: ${videos} videos, ${instances} instances, ${predictions} predictions`,
    '',
    row(
      'tIoU',
      width,
      result.tiouThresholds.map((t) => t.toFixed(2)),
    ),
    row('mAP (%)', width, result.mAP.map(percent)),
    '',
    `average mAP: ${percent(result.averageMAP)} %`,
  ];
  if (result.apPerClass.length > 0) {
    lines.push(
      '',
      row(
        'AP (%)',
        width,
        result.tiouThresholds.map((t) => t.toFixed(2)),
      ),
    );
    for (const c of result.apPerClass) lines.push(row(c.label, width, c.ap.map(percent)));
  }
  return lines.join('\n');
}

export function classificationTable(result: ClassificationEvaluation): string {
  const { videos, labels, predictions } = result.counts;
  const k = result.topK;
  const width = Math.min(
    LABEL_MAX_CHARS,
    Math.max(16, ...result.apPerClass.map((c) => c.label.length + 2)),
  );
  const lines = [
    `Classification, subset ${result.subset}: ${videos} videos, ${labels} video labels, ${predictions} predictions`,
    '',
    row('mAP (%)', width, [percent(result.mAP)]),
    row(`hit@${k} (%)`, width, [percent(result.hitAtK)]),
    row(`avg hit@${k} (%)`, width, [percent(result.avgHitAtK)]),
  ];
  if (result.apPerClass.length > 0) {
    lines.push('', row('AP (%) per class', width, []));
    for (const c of result.apPerClass) lines.push(row(c.label, width, [percent(c.ap)]));
  }
  return lines.join('\n');
}

/** AR at a few budgets: entry j is at AN[j] (≈ j + 1 when the maximum average is 100). */
const SHOWN_POINTS = [1, 5, 10, 20, 50, 100];

export function proposalsTable(result: ProposalEvaluation): string {
  const { videos, instances, proposals, keptProposals } = result.counts;
  const lines = [
    `Proposals, subset ${result.subset}: ${videos} videos, ${instances} instances, ${proposals} proposals (${keptProposals} within the budget)`,
    '',
    `AUC: ${result.auc === null ? '—' : result.auc.toFixed(2)} %`,
    '',
    row('AN', 8, ['AR (%)'], 8),
  ];
  for (const point of SHOWN_POINTS) {
    const an = result.averageNumberOfProposals[point - 1];
    lines.push(
      row(
        an === null || an === undefined ? '—' : an.toFixed(2),
        8,
        [percent(result.averageRecall[point - 1])],
        8,
      ),
    );
  }
  return lines.join('\n');
}
