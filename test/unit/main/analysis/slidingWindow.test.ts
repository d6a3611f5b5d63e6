import { describe, expect, it } from 'vitest';
import { slidingWindowMeans } from '../../../../main/analysis/slidingWindow.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

// Five 1-s snippets centered at 0.5 … 4.5; two classes.
const scores: SnippetScores = {
  classCount: 2,
  labels: ['a', 'b'],
  snippetCenterSec: Float64Array.from([0.5, 1.5, 2.5, 3.5, 4.5]),
  scores: Float32Array.from([1, 0, 2, 0, 3, 1, 4, 1, 5, 2]),
  kind: 'logits',
};

describe('slidingWindowMeans', () => {
  it('averages the snippets whose centers fall in [start, start + window)', () => {
    const w = slidingWindowMeans(scores, { windowSec: 2, strideSec: 1, durationSec: 5 });
    expect(Array.from(w.windowStartSec)).toEqual([0, 1, 2, 3]);
    expect(Array.from(w.windowEndSec)).toEqual([2, 3, 4, 5]);
    expect(Array.from(w.snippetCount)).toEqual([2, 2, 2, 2]);
    expect(Array.from(w.scores)).toEqual([1.5, 0, 2.5, 0.5, 3.5, 1, 4.5, 1.5]);
    expect(w.kind).toBe('logits');
  });

  it('stops at the first window that reaches the end', () => {
    const w = slidingWindowMeans(scores, { windowSec: 3, strideSec: 2, durationSec: 5 });
    expect(Array.from(w.windowStartSec)).toEqual([0, 2]);
    expect(Array.from(w.scores)).toEqual([2, Math.fround(1 / 3), 4, Math.fround(4 / 3)]);
  });

  it('cuts the last window at the duration', () => {
    const w = slidingWindowMeans(scores, { windowSec: 2, strideSec: 2, durationSec: 5 });
    expect(Array.from(w.windowStartSec)).toEqual([0, 2, 4]);
    expect(Array.from(w.windowEndSec)).toEqual([2, 4, 5]);
    expect(Array.from(w.scores.slice(4))).toEqual([5, 2]);
  });

  it('leaves out windows without a snippet center', () => {
    const sparse: SnippetScores = {
      ...scores,
      snippetCenterSec: Float64Array.from([0.5, 4.5]),
      scores: Float32Array.from([1, 0, 5, 2]),
    };
    const w = slidingWindowMeans(sparse, { windowSec: 1, strideSec: 1, durationSec: 5 });
    expect(Array.from(w.windowStartSec)).toEqual([0, 4]);
    expect(Array.from(w.scores)).toEqual([1, 0, 5, 2]);
  });

  it('rejects a zero stride', () => {
    expect(() =>
      slidingWindowMeans(scores, { windowSec: 1, strideSec: 0, durationSec: 5 }),
    ).toThrow(/stride/);
  });
});
