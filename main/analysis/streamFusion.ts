import { ActionlineError } from '../base/errors.ts';
import type { SnippetScores } from '../../shared/analysis/types.ts';

/**
 * The streams of one video as one score matrix: a weighted sum of logits (run_streams.weight),
 * as the two-stream TSN fuses RGB and flow. Probability streams enter as log-probabilities
 * (floored at 1e-30), which are logits of the same softmax. One stream is used as stored, as
 * the engine derived it: scaling its logits by a weight would sharpen or flatten the softmax
 * and so move every score.
 */
export function fuseStreams(
  streams: readonly { stream: string; weight: number; scores: SnippetScores }[],
  videoId: string,
): SnippetScores {
  const [first, ...rest] = streams;
  if (!first)
    throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}": the run has no streams`);
  if (rest.length === 0) return first.scores;
  const n = first.scores.snippetCenterSec.length;
  const tolerance = pairingToleranceSec(first.scores.snippetCenterSec);
  for (const other of rest) checkSameSnippets(first, other, videoId, tolerance);
  const classCount = first.scores.classCount;
  const fused = new Float32Array(n * classCount);
  const centers = new Float64Array(n);
  for (const { weight, scores } of streams) {
    const fromProbabilities = scores.kind === 'probabilities';
    for (let i = 0; i < fused.length; i++) {
      const value = scores.scores[i]!;
      const logit = fromProbabilities ? Math.log(Math.max(value, 1e-30)) : value;
      fused[i] = fused[i]! + weight * logit;
    }
    for (let k = 0; k < n; k++)
      centers[k] = centers[k]! + scores.snippetCenterSec[k]! / streams.length;
  }
  return {
    classCount,
    labels: first.scores.labels,
    snippetCenterSec: centers,
    scores: fused,
    kind: 'logits',
  };
}

/**
 * Streams sample the same times but their snippets' centres may differ a little (an RGB
 * frame vs a 6-frame flow stack around it). Snippet k of each stream must be nearer to
 * snippet k of the first than to any other: within half the smallest gap between centres.
 */
function pairingToleranceSec(centers: Float64Array): number {
  let smallestGap = Infinity;
  for (let k = 1; k < centers.length; k++) {
    smallestGap = Math.min(smallestGap, centers[k]! - centers[k - 1]!);
  }
  return smallestGap / 2;
}

function checkSameSnippets(
  first: { stream: string; scores: SnippetScores },
  other: { stream: string; scores: SnippetScores },
  videoId: string,
  toleranceSec: number,
): void {
  const a = first.scores;
  const b = other.scores;
  const where = `video "${videoId}": streams "${first.stream}" and "${other.stream}"`;
  if (a.labels.length !== b.labels.length || a.labels.some((l, i) => l !== b.labels[i])) {
    throw new ActionlineError('BAD_ARGUMENT', `${where} have different classes; cannot fuse`);
  }
  const n = a.snippetCenterSec.length;
  if (b.snippetCenterSec.length !== n) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${where} have different snippets (${n} and ${b.snippetCenterSec.length}); cannot fuse`,
    );
  }
  for (let k = 0; k < n; k++) {
    const gapSec = Math.abs(a.snippetCenterSec[k]! - b.snippetCenterSec[k]!);
    if (!(gapSec < toleranceSec || gapSec === 0)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${where} have different snippets (snippet ${k} at ${a.snippetCenterSec[k]} s and ${b.snippetCenterSec[k]} s); cannot fuse`,
      );
    }
  }
}
