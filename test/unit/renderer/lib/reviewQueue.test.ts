import { describe, expect, it } from 'vitest';
import { reviewQueue, type Certainty } from '../../../../renderer/src/lib/reviewQueue.ts';
import type { ScoresView } from '../../../../shared/ipc/contract.ts';
import type { SegmentRecord } from '../../../../shared/project/types.ts';
import { seededRandom } from '../../../../shared/random/seededRandom.ts';

function segment(
  id: number,
  startSec: number,
  endSec: number,
  label: string,
  score: number | null,
): SegmentRecord {
  return {
    id,
    videoId: 'v',
    startSec,
    endSec,
    label,
    score,
    provenance: 'predicted',
    runId: 1,
    sourceSegmentId: null,
    originalLabel: label,
    originalScore: score,
    annotatorId: null,
    annotatorName: null,
    createdById: null,
    updatedAt: '',
    product: 'suggested',
  };
}

/**
 * The queue as first written: every segment walks every snippet and every class. The
 * module finds a segment's snippets by bisection and each snippet's margin once; the
 * results must be the same numbers in the same order.
 */
function reference(segments: readonly SegmentRecord[], scores: ScoresView | null): Certainty[] {
  const k = scores?.classCount ?? 0;
  let p: Float32Array | null = null;
  if (scores) {
    p = scores.scores;
    if (scores.kind !== 'probabilities') {
      const x = scores.scores;
      p = new Float32Array(x.length);
      for (let row = 0; row * k < p.length; row++) {
        let max = -Infinity;
        for (let c = 0; c < k; c++) max = Math.max(max, x[row * k + c]!);
        let sum = 0;
        for (let c = 0; c < k; c++) sum += p[row * k + c] = Math.exp(x[row * k + c]! - max);
        for (let c = 0; c < k; c++) p[row * k + c] = p[row * k + c]! / sum;
      }
    }
  }
  const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
  const edge = (
    probabilities: Float32Array,
    s: ScoresView,
    classIndex: number,
    edgeSec: number,
  ) => {
    const centers = s.snippetCenterSec;
    let after = 0;
    while (after < centers.length && centers[after]! < edgeSec) after++;
    if (after === 0 || after === centers.length) return 1;
    const contrast = Math.abs(
      probabilities[after * k + classIndex]! - probabilities[(after - 1) * k + classIndex]!,
    );
    return Number.isNaN(contrast) ? 1 : contrast;
  };
  const certainty = (s: SegmentRecord): Certainty => {
    const score = clamp01(s.score ?? 0);
    if (!scores || !p) return { segmentId: s.id, score, margin: 1, boundary: 1, overall: score };
    const centers = scores.snippetCenterSec;
    const classIndex = scores.labels.indexOf(s.label);
    let marginSum = 0;
    let inside = 0;
    for (let i = 0; i < centers.length; i++) {
      if (centers[i]! < s.startSec || centers[i]! >= s.endSec) continue;
      let top1 = 0;
      let top2 = 0;
      for (let c = 0; c < k; c++) {
        const v = p[i * k + c]!;
        if (v > top1) [top1, top2] = [v, top1];
        else if (v > top2) top2 = v;
      }
      marginSum += top1 - top2;
      inside++;
    }
    const margin = inside > 0 ? marginSum / inside : 1;
    const boundary =
      classIndex < 0
        ? 1
        : Math.min(edge(p, scores, classIndex, s.startSec), edge(p, scores, classIndex, s.endSec));
    return { segmentId: s.id, score, margin, boundary, overall: Math.min(score, margin, boundary) };
  };
  const startOf = (c: Certainty) => segments.find((s) => s.id === c.segmentId)?.startSec ?? 0;
  return segments
    .filter((s) => s.provenance === 'predicted')
    .map(certainty)
    .sort((a, b) => a.overall - b.overall || startOf(a) - startOf(b));
}

/** Random scores and segments; `shape` bends the snippet centers the queue must cope with. */
function randomCase(seed: number, kind: ScoresView['kind'], shape: 'even' | 'unsorted' | 'nan') {
  const rand = seededRandom(seed);
  const snippets = 200;
  const labels = ['background', 'a', 'b', 'c', 'd'];
  const scores = new Float32Array(snippets * labels.length);
  for (let i = 0; i < scores.length; i++) scores[i] = kind === 'logits' ? 6 * rand() - 3 : rand();
  // A masked stretch: no scores there.
  scores.fill(NaN, 40 * labels.length, 45 * labels.length);
  const centers = Float64Array.from({ length: snippets }, (_, i) => i * 0.5 + 0.25);
  if (shape === 'unsorted') [centers[10], centers[90]] = [centers[90]!, centers[10]!];
  if (shape === 'nan') centers[120] = NaN;
  const view: ScoresView = {
    classCount: labels.length,
    labels,
    snippetCenterSec: centers,
    scores,
    kind,
  };
  const segments = Array.from({ length: 150 }, (_, i) => {
    const startSec = Math.round(rand() * 110 * 4) / 4 - 5; // some before the first snippet
    const lengthSec = Math.round((0.25 + rand() * 12) * 4) / 4;
    const label = i % 13 === 0 ? 'not a class' : labels[1 + Math.floor(rand() * 4)]!;
    return segment(i + 1, startSec, startSec + lengthSec, label, i % 7 === 0 ? null : rand());
  });
  // Same start, same overall (no scores for either): the earlier-listed id order must hold.
  segments.push(segment(500, 10, 12, 'a', 0), segment(501, 10, 11, 'b', 0));
  segments.push({ ...segment(502, 3, 4, 'a', 0.5), provenance: 'accepted' });
  return { view, segments };
}

describe('reviewQueue', () => {
  it('orders by the weakest of score, margin and boundary, ties by start', () => {
    // 2 classes, snippets at 0.5 … 5.5: class "a" clear from 2 to 4, unclear elsewhere.
    const p = [0.5, 0.5, 0.5, 0.5, 0.1, 0.9, 0.1, 0.9, 0.6, 0.4, 0.5, 0.5];
    const scores: ScoresView = {
      classCount: 2,
      labels: ['background', 'a'],
      snippetCenterSec: Float64Array.from([0.5, 1.5, 2.5, 3.5, 4.5, 5.5]),
      scores: Float32Array.from(p.slice(0, 12)),
      kind: 'probabilities',
    };
    const clear = segment(1, 2, 4, 'a', 0.95);
    const unclear = segment(2, 0, 2, 'a', 0.95);
    const weak = segment(3, 2, 4, 'a', 0.1);
    const queue = reviewQueue([clear, unclear, weak], scores);
    expect(queue.map((c) => c.segmentId)).toEqual([2, 3, 1]);
    expect(queue.find((c) => c.segmentId === 1)!.margin).toBeCloseTo(0.8, 6);
    expect(queue.find((c) => c.segmentId === 2)!.margin).toBe(0);
  });

  it('without scores orders by score alone', () => {
    const queue = reviewQueue([segment(1, 0, 1, 'a', 0.7), segment(2, 1, 2, 'a', 0.2)], null);
    expect(queue.map((c) => [c.segmentId, c.overall])).toEqual([
      [2, 0.2],
      [1, 0.7],
    ]);
  });

  for (const kind of ['probabilities', 'logits'] as const) {
    for (const shape of ['even', 'unsorted', 'nan'] as const) {
      it(`gives the same certainties as walking every snippet (${kind}, ${shape} centers)`, () => {
        for (const seed of [1, 2, 3]) {
          const { view, segments } = randomCase(seed, kind, shape);
          const got = reviewQueue(segments, view);
          expect(got).toEqual(reference(segments, view));
          // A second queue over the same scores (after an edit) reads the same facts.
          expect(reviewQueue(segments.slice(5), view)).toEqual(reference(segments.slice(5), view));
        }
      });
    }
  }
});
