/**
 * A trained head's held-out metrics as lines to print before the head is used: one per class
 * (precision, recall, held-out snippets), then accuracy and the split.
 */
import type { HeadMetrics } from './types.ts';

export function formatHeadMetrics(metrics: HeadMetrics): string {
  const width = Math.max(5, ...metrics.perClass.map((c) => c.label.length));
  const percent = (x: number): string => `${(100 * x).toFixed(1)}%`.padStart(9);
  const lines = [
    `${'class'.padEnd(width)} precision    recall  snippets`,
    ...metrics.perClass.map(
      (c) =>
        `${c.label.padEnd(width)} ${percent(c.precision)} ${percent(c.recall)} ${String(c.count).padStart(9)}`,
    ),
    `accuracy ${percent(metrics.accuracy).trim()} on ${metrics.heldOutSnippets} held-out snippets of ` +
      `${metrics.heldOutVideoIds.length} video(s); ${metrics.trainSnippets} training snippets an epoch, ` +
      `${metrics.epochs} epoch(s)`,
  ];
  if (metrics.refitOnVideos !== undefined) {
    lines.push(
      `then fitted again on all ${metrics.refitOnVideos} reviewed videos (a small set: the held-out ones too); the figures above are of the head that never saw them`,
    );
  }
  if (metrics.heldOutMap != null) {
    lines.push(
      `held-out detection mAP ${percent(metrics.heldOutMap).trim()} (ActivityNet, tIoU 0.5:0.95)`,
    );
  }
  return lines.join('\n');
}
