import type { ResultsVideo } from '../activitynet/types.ts';
import type { GroundTruthSelection } from './evalSelection.ts';

/** Up to three labels, quoted, for a one-line warning. */
export function preview(labels: readonly string[]): string {
  const shown = labels
    .slice(0, 3)
    .map((l) => JSON.stringify(l))
    .join(', ');
  return labels.length > 3 ? `${shown}, …` : shown;
}

/**
 * Warns about predicted labels that no ground-truth instance of the subset has. The official
 * code raises a KeyError on them; `consequence` says what Actionline does instead.
 */
export function unknownLabelWarnings(
  videos: readonly ResultsVideo<'detection' | 'classification'>[],
  gt: GroundTruthSelection,
  consequence: string,
): string[] {
  const known = new Set(gt.classes);
  const unknown = new Map<string, number>();
  for (const video of videos) {
    for (const entry of video.entries) {
      if (!known.has(entry.label)) unknown.set(entry.label, (unknown.get(entry.label) ?? 0) + 1);
    }
  }
  if (unknown.size === 0) return [];
  const count = [...unknown.values()].reduce((a, b) => a + b, 0);
  return [
    `${count} predictions carry ${unknown.size} labels that no ground-truth instance of subset "${gt.subset}" has (${preview([...unknown.keys()])}); the official code stops with a KeyError, here ${consequence}`,
  ];
}

/** Warns about ground-truth classes without a single prediction (their AP is 0). */
export function classesWithoutPredictions(
  classes: readonly string[],
  predicted: ReadonlySet<string>,
): string[] {
  const missing = classes.filter((label) => !predicted.has(label));
  if (missing.length === 0) return [];
  return [
    `${missing.length} of ${classes.length} classes have no predictions (AP 0): ${preview(missing)}`,
  ];
}
