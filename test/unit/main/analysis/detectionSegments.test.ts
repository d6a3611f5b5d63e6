import { describe, expect, it } from 'vitest';
import { detectVideo, outerInnerContrast } from '../../../../main/analysis/detectionSegments.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

/**
 * The built-in motion model's shape: labels [background, motion], logits. 60 snippets one
 * second apart (centers k + 0.5, so snippet k stands for [k, k + 1)); motion logit +4 on the
 * moving stretches, −4 elsewhere, background 0.
 */
function motionScores(moving: (k: number) => boolean, n = 60): SnippetScores {
  const scores = new Float32Array(n * 2);
  for (let k = 0; k < n; k++) scores[k * 2 + 1] = moving(k) ? 4 : -4;
  return {
    classCount: 2,
    labels: ['background', 'motion'],
    snippetCenterSec: Float64Array.from({ length: n }, (_, k) => k + 0.5),
    scores,
    kind: 'logits',
  };
}

describe('detectVideo on the two-class motion model', () => {
  const scores = motionScores((k) => (k >= 10 && k < 20) || (k >= 40 && k < 50));
  const result = detectVideo(scores, 60);

  it('labels the video "motion" only (background left out), with the anet2016 video score', () => {
    // Ranking of the motion logits (background is 0 everywhere): span 1 → top 15 of 60 = 4;
    // span 2 → 10 moving windows of 30, top 15 → (40 − 20) / 15; span 4 → all 15 windows,
    // 6 moving → −0.8; span 8 (step 7) → 9 windows, 5 moving → 4/9; span 16 (step 13) → 5
    // windows, 4 moving → 2.4. Mean 1.47556; softmax against 0 → 0.81390.
    expect(result.labels).toHaveLength(1);
    expect(result.labels[0]?.label).toBe('motion');
    expect(result.labels[0]?.score).toBeCloseTo(0.8139003348732655, 6);
  });

  it('finds the two moving stretches exactly, as the best segments', () => {
    expect(result.segments.every((s) => s.label === 'motion')).toBe(true);
    const [first, second] = result.segments;
    expect([first?.startSec, first?.endSec]).toEqual([10, 20]);
    expect([second?.startSec, second?.endSec]).toEqual([40, 50]);
    // Score = video score × contrast, contrast = mean of the raw and the smoothed
    // outer-inner contrast (3 snippets each side). Raw: σ(4) − σ(−4) = 0.964028. Smoothed:
    // the curve is σ(−4) + 0.964028 · g, g the σ = 3 smoothing of the 0/1 step, whose mean is
    // 0.762944 over 10..19 and 0.314064 over 7..9, 20..22 (scipy gaussian_filter1d), so
    // 0.964028 · 0.448880. (0.964028 + 0.432732) / 2 = 0.698380; × 0.813900 = 0.568412.
    expect(first?.score).toBeCloseTo(0.5684119123101472, 6);
    expect(second?.score).toBe(first?.score);
  });

  it('sorts by score and keeps at most maxSegmentsPerVideo', () => {
    const few = detectVideo(scores, 60, { maxSegmentsPerVideo: 3 });
    expect(few.segments).toHaveLength(3);
    const all = result.segments;
    for (let i = 1; i < all.length; i++) {
      expect(all[i - 1]!.score).toBeGreaterThanOrEqual(all[i]!.score);
    }
    expect(all.length).toBeLessThanOrEqual(100);
  });

  it('gives no segments when no class may have them', () => {
    const none = detectVideo(scores, 60, { classesPerVideo: 0 });
    expect(none.segments).toEqual([]);
    expect(none.labels).toHaveLength(1);
  });
});

describe('detectVideo on a long action with dips', () => {
  it('ranks the whole action above the bursts inside it', () => {
    // Probability of motion: 0.02 outside 10..89; inside, 12 snippets at 0.95 then 6 at 0.2,
    // repeated. The first burst [10, 22) has a raw contrast of 0.95 − (0.02 + 0.2) / 2 = 0.84
    // (3 snippets each side), above the whole action's 0.725 − 0.02, so raw contrast alone
    // ranks it first; its smoothed contrast is small and the whole action wins.
    const n = 100;
    const motion = (k: number) => (k < 10 || k >= 90 ? 0.02 : (k - 10) % 18 < 12 ? 0.95 : 0.2);
    const scores = new Float32Array(n * 2);
    for (let k = 0; k < n; k++) {
      scores[k * 2] = 1 - motion(k);
      scores[k * 2 + 1] = motion(k);
    }
    const result = detectVideo(
      {
        classCount: 2,
        labels: ['background', 'motion'],
        snippetCenterSec: Float64Array.from({ length: n }, (_, k) => k + 0.5),
        scores,
        kind: 'probabilities',
      },
      n,
    );
    const best = result.segments[0];
    expect([best?.startSec, best?.endSec]).toEqual([10, 90]);
  });
});

describe('detectVideo on a 400-class model', () => {
  it('puts the action class on its stretch', () => {
    const classCount = 400;
    const n = 30;
    const scores = new Float32Array(n * classCount);
    for (let k = 0; k < n; k++) {
      scores[k * classCount + 0] = 1; // a weak everywhere-class
      if (k >= 5 && k < 15) scores[k * classCount + 7] = 8;
    }
    const result = detectVideo(
      {
        classCount,
        labels: Array.from({ length: classCount }, (_, c) => `class${c}`),
        snippetCenterSec: Float64Array.from({ length: n }, (_, k) => k + 0.5),
        scores,
        kind: 'logits',
      },
      30,
    );
    expect(result.labels).toHaveLength(5);
    expect(result.labels[0]?.label).toBe('class7');
    const best = result.segments[0];
    expect(best?.label).toBe('class7');
    expect([best?.startSec, best?.endSec]).toEqual([5, 15]);
  });
});

describe('outerInnerContrast', () => {
  const curve = Float64Array.from([0, 0, 1, 1, 0, 0]);

  it('is the inside mean minus the mean of max(1, round(0.25 · length)) snippets each side', () => {
    expect(outerInnerContrast(curve, { firstSnippet: 2, lastSnippet: 3, score: 0 }, 0.25)).toBe(1);
    // One snippet: a band of 1 each side, (0 + 1) / 2 outside.
    expect(outerInnerContrast(curve, { firstSnippet: 2, lastSnippet: 2, score: 0 }, 0.25)).toBe(
      0.5,
    );
  });

  it('is the inside mean for a region that spans the whole video', () => {
    expect(outerInnerContrast(curve, { firstSnippet: 0, lastSnippet: 5, score: 0 }, 0.25)).toBe(
      2 / 6,
    );
  });
});
