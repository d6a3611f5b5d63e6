import { isMaskedRow } from '../../shared/analysis/maskedStretches.ts';
import type { SnippetScores } from '../../shared/analysis/types.ts';

/**
 * How unsure a head is of a whole video (issue 26, item 6: "next video" goes to the one it is
 * least sure of): the mean, over the snippets that decoded, of 1 − (top-1 − top-2 class
 * probability). 0: every snippet had one class at probability 1; 1: every snippet had its two
 * best classes tied. Background is a class like the others, so a confident "nothing happens"
 * counts as sure. Null when there is no snippet to judge (none, or all masked), or when the
 * scores are not probabilities (a head's are; a backbone's logits are not read here).
 */
export function videoUncertainty(scores: SnippetScores): number | null {
  if (scores.kind !== 'probabilities' || scores.classCount < 1) return null;
  const k = scores.classCount;
  const rows = scores.snippetCenterSec.length;
  let sum = 0;
  let counted = 0;
  for (let row = 0; row < rows; row++) {
    if (isMaskedRow(scores, row)) continue;
    let top1 = -Infinity;
    let top2 = -Infinity;
    for (let c = 0; c < k; c++) {
      const p = scores.scores[row * k + c]!;
      if (p > top1) {
        top2 = top1;
        top1 = p;
      } else if (p > top2) top2 = p;
    }
    // One class alone has no runner-up: it is as sure as it can be.
    const margin = k === 1 ? 1 : top1 - top2;
    if (!Number.isFinite(margin)) continue;
    sum += 1 - Math.min(1, Math.max(0, margin));
    counted++;
  }
  return counted === 0 ? null : sum / counted;
}
