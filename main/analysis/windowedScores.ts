import type { SnippetScores } from '../../shared/analysis/types.ts';
import { slidingWindowMeans } from './slidingWindow.ts';

/**
 * Snippet scores averaged over sliding windows, shaped as snippet scores again: each window
 * stands in for a snippet, placed at its centre. What `--window` does before labelling.
 */
export function windowedScores(
  s: SnippetScores,
  w: { windowSec: number; strideSec: number },
  durationSec: number,
): SnippetScores {
  const win = slidingWindowMeans(s, { ...w, durationSec });
  const centers = new Float64Array(win.windowStartSec.length);
  for (let i = 0; i < centers.length; i++) {
    centers[i] = (win.windowStartSec[i]! + win.windowEndSec[i]!) / 2;
  }
  return {
    classCount: win.classCount,
    labels: win.labels,
    snippetCenterSec: centers,
    scores: win.scores,
    kind: win.kind,
  };
}
