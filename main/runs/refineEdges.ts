import { frameIndexAtSec } from '../../shared/time/rational.ts';
import type { ScoredSegment, SnippetScores } from '../../shared/analysis/types.ts';
import type { VideoInfo } from '../video/videoInfo.ts';

/**
 * Edge refinement of a suggested labelling: a suggestion's edge lies between two of the plan's
 * snippets (a second apart by default), so the frames between them are scored too, one
 * snippet per frame, and the derivation places the edge among them (analysis/
 * suggestedLabelling.ts, `EdgeEvidence.dense`). Only those short stretches are decoded again.
 */

/** Frames either side of the stretch, for snippets whose runs lean inwards at its ends. */
const MARGIN_FRAMES = 1;

/** The sample frames between the plan's snippets around every suggestion edge, ascending. */
export function refinementFrames(
  scores: SnippetScores,
  suggestions: readonly ScoredSegment[],
  video: Pick<VideoInfo, 'fps' | 'frameCount' | 'durationSec'>,
): number[] {
  const centers = scores.snippetCenterSec;
  const frames = new Set<number>();
  const addStretch = (edgeSec: number) => {
    if (!(edgeSec > 0 && edgeSec < video.durationSec)) return;
    const k = firstAfter(centers, edgeSec);
    if (k <= 0 || k >= centers.length) return;
    const first = frameIndexAtSec(centers[k - 1]!, video.fps) - MARGIN_FRAMES;
    const last = frameIndexAtSec(centers[k]!, video.fps) + MARGIN_FRAMES;
    for (let f = Math.max(0, first); f <= Math.min(video.frameCount - 1, last); f++) frames.add(f);
  };
  for (const s of suggestions) {
    addStretch(s.startSec);
    addStretch(s.endSec);
  }
  return [...frames].sort((a, b) => a - b);
}

function firstAfter(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
