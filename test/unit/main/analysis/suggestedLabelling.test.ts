import { describe, expect, it } from 'vitest';
import { detectVideo } from '../../../../main/analysis/detectionSegments.ts';
import { temporalNms } from '../../../../main/analysis/nms.ts';
import { suggestLabelling } from '../../../../main/analysis/suggestedLabelling.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

const STEP_SEC = 0.5;

/** Probabilities every 0.5 s over `durationSec`; `at(t)` gives the foreground classes' probabilities. */
function curves(
  labels: string[],
  durationSec: number,
  at: (tSec: number) => Partial<Record<string, number>>,
): SnippetScores {
  const n = Math.round(durationSec / STEP_SEC);
  const centers = Float64Array.from({ length: n }, (_, k) => (k + 0.5) * STEP_SEC);
  const scores = new Float32Array(n * labels.length);
  centers.forEach((t, k) => {
    const fg = at(t);
    const fgSum = Object.values(fg).reduce((a: number, b) => a + (b ?? 0), 0);
    labels.forEach((label, c) => {
      scores[k * labels.length + c] = label === 'background' ? 1 - fgSum : (fg[label] ?? 0);
    });
  });
  return {
    classCount: labels.length,
    labels,
    snippetCenterSec: centers,
    scores,
    kind: 'probabilities',
  };
}

const inside = (t: number, [a, b]: [number, number]) => t >= a && t < b;
const motion = ['background', 'motion'];
const colours = ['background', 'red', 'blue'];

/** What a non-maximum suppression of the ranked detections at tIoU 0 would suggest. */
const nmsAtZero = (s: SnippetScores, durationSec: number) =>
  temporalNms(detectVideo(s, durationSec).segments, 0);

describe('the suggested labelling', () => {
  it('gives two suggestions for two same-class actions 1.5 s apart', () => {
    const s = curves(motion, 20, (t) => ({
      motion: inside(t, [4, 8]) || inside(t, [9.5, 13]) ? 0.95 : 0.03,
    }));
    const suggested = suggestLabelling(s, 20);
    expect(suggested.map((x) => [x.label, x.startSec, x.endSec])).toEqual([
      ['motion', expect.closeTo(4, 0), expect.closeTo(8, 0)],
      ['motion', expect.closeTo(9.5, 0), expect.closeTo(13, 0)],
    ]);
    for (const [i, [a, b]] of [
      [4, 8],
      [9.5, 13],
    ].entries()) {
      expect(Math.abs(suggested[i]!.startSec - a!)).toBeLessThanOrEqual(0.25);
      expect(Math.abs(suggested[i]!.endSec - b!)).toBeLessThanOrEqual(0.25);
    }
    expect(nmsAtZero(s, 20)).toHaveLength(1); // the best proposal spans both
  });

  it('gives one suggestion for one action with a short dip in the middle', () => {
    const s = curves(motion, 20, (t) => ({
      motion: inside(t, [8, 8.5]) ? 0.25 : inside(t, [4, 12]) ? 0.95 : 0.03,
    }));
    const suggested = suggestLabelling(s, 20);
    expect(suggested).toHaveLength(1);
    expect(suggested[0]!.startSec).toBeCloseTo(4, 0);
    expect(suggested[0]!.endSec).toBeCloseTo(12, 0);
  });

  it('gives two classes back to back two suggestions that meet at the change point', () => {
    const s = curves(colours, 20, (t) =>
      inside(t, [3, 8]) ? { red: 0.9 } : inside(t, [8, 13]) ? { blue: 0.9 } : {},
    );
    const suggested = suggestLabelling(s, 20);
    expect(suggested.map((x) => x.label)).toEqual(['red', 'blue']);
    expect(suggested[0]!.endSec).toBe(suggested[1]!.startSec);
    expect(suggested[0]!.endSec).toBeCloseTo(8, 1);
    expect(suggested[0]!.startSec).toBeCloseTo(3, 1);
    expect(suggested[1]!.endSec).toBeCloseTo(13, 1);
  });

  it('suggests nothing in a video with nothing in it', () => {
    let state = 7;
    const noise = () => ((state = (state * 48271) % 2147483647) / 2147483647) * 0.06;
    const s = curves(motion, 60, () => ({ motion: 0.01 + noise() }));
    expect(suggestLabelling(s, 60)).toEqual([]);
    expect(
      suggestLabelling(
        curves(colours, 60, () => ({})),
        60,
      ),
    ).toEqual([]);
  });

  it('keeps one class per moment by default, and lets classes overlap when asked', () => {
    const s = curves(colours, 20, (t) => ({
      red: inside(t, [3, 10]) ? (inside(t, [6, 10]) ? 0.47 : 0.9) : 0,
      blue: inside(t, [6, 13]) ? (inside(t, [6, 10]) ? 0.49 : 0.9) : 0,
    }));
    const single = suggestLabelling(s, 20);
    for (let i = 1; i < single.length; i++) {
      expect(single[i]!.startSec).toBeGreaterThanOrEqual(single[i - 1]!.endSec);
    }
    expect(single.map((x) => x.label)).toEqual(['red', 'blue']);
    const both = suggestLabelling(s, 20, { coOccurring: true, presenceProbability: 0.4 });
    const red = both.filter((x) => x.label === 'red');
    const blue = both.filter((x) => x.label === 'blue');
    expect(red).toHaveLength(1);
    expect(blue).toHaveLength(1);
    expect(red[0]!.endSec).toBeCloseTo(10, 0);
    expect(blue[0]!.startSec).toBeCloseTo(6, 0);
  });

  it('never lets two suggestions of one class overlap, and scores each by its mean probability', () => {
    const s = curves(motion, 30, (t) => ({
      motion: [2, 5, 9, 14, 20].some((a) => inside(t, [a, a + 2])) ? 0.8 : 0.02,
    }));
    const suggested = suggestLabelling(s, 30);
    expect(suggested).toHaveLength(5);
    for (let i = 1; i < suggested.length; i++) {
      expect(suggested[i]!.startSec).toBeGreaterThanOrEqual(suggested[i - 1]!.endSec);
    }
    for (const x of suggested) expect(x.score).toBeCloseTo(0.8, 5);
  });

  it('puts an edge where the probability crosses its threshold, on a shot cut or a frame when known', () => {
    // Rises from 0.1 at 3.75 s to 0.9 at 4.25 s: crosses 0.5 at 4.0 s; falls the same way at 10 s.
    const s = curves(motion, 20, (t) => ({ motion: inside(t, [4, 10]) ? 0.9 : 0.1 }));
    const exact = { presenceProbability: 0.5, relativePresence: 1 };
    const [plain] = suggestLabelling(s, 20, exact);
    expect(plain!.startSec).toBeCloseTo(4, 6);
    expect(plain!.endSec).toBeCloseTo(10, 6);
    // With the default relative presence the threshold is half the peak (0.45): a little earlier.
    const [halfPeak] = suggestLabelling(s, 20);
    expect(halfPeak!.startSec).toBeCloseTo(
      3.75 + (0.5 * (0.1 / 0.45 - 1)) / (0.1 / 0.45 - 0.9 / 0.45),
      6,
    );
    const [cut] = suggestLabelling(s, 20, {}, { cutsSec: [1, 4.1, 9.9] });
    expect([cut!.startSec, cut!.endSec]).toEqual([4.1, 9.9]);
    const rising = curves(motion, 20, (t) => ({
      motion: t < 3.5 ? 0.1 : t < 4 ? 0.3 : inside(t, [4, 10]) ? 0.9 : 0.1,
    }));
    const [framed] = suggestLabelling(rising, 20, {}, { frameRateFps: 25 });
    expect(framed!.startSec * 25).toBeCloseTo(Math.round(framed!.startSec * 25), 9);
    expect(framed!.startSec).toBeGreaterThan(3.75);
    expect(framed!.startSec).toBeLessThan(4);
  });

  it('drops a stretch shorter than the minimum duration', () => {
    const s = curves(motion, 20, (t) => ({ motion: inside(t, [5, 5.5]) ? 0.99 : 0.03 }));
    expect(suggestLabelling(s, 20, { switchPenalty: 0, minActionSec: 0.5 })).toHaveLength(1);
    expect(suggestLabelling(s, 20, { switchPenalty: 0, minActionSec: 2 })).toEqual([]);
  });

  it('follows a model that spreads its probability: presence relative to the peak', () => {
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const s = curves(['background', ...labels], 20, (t) =>
      inside(t, [5, 12]) ? { c: 0.3, a: 0.05, b: 0.05 } : { a: 0.06, b: 0.05, c: 0.04 },
    );
    const suggested = suggestLabelling(s, 20);
    expect(suggested.map((x) => x.label)).toEqual(['c']);
    expect(suggested[0]!.startSec).toBeCloseTo(5, 0);
    expect(suggested[0]!.endSec).toBeCloseTo(12, 0);
  });

  it('places an edge among per-frame scores of its interval when they are given', () => {
    const s = curves(motion, 20, (t) => ({ motion: inside(t, [4.12, 10]) ? 0.95 : 0.05 }));
    const [coarse] = suggestLabelling(s, 20, {}, { frameRateFps: 25 });
    expect(Math.abs(coarse!.startSec - 4.12)).toBeGreaterThan(0.04);
    // One snippet per frame from 3.76 s to 4.24 s, as the edge refinement scores them.
    const n = 13;
    const centers = Float64Array.from({ length: n }, (_, i) => 3.76 + i * 0.04);
    const scores = new Float32Array(2 * n);
    centers.forEach((t, i) => {
      const p = t >= 4.12 - 1e-9 ? 0.95 : 0.05;
      scores[2 * i] = 1 - p;
      scores[2 * i + 1] = p;
    });
    const dense: SnippetScores = {
      classCount: 2,
      labels: motion,
      snippetCenterSec: centers,
      scores,
      kind: 'probabilities',
    };
    const [refined] = suggestLabelling(s, 20, {}, { dense, frameRateFps: 25 });
    expect(Math.abs(refined!.startSec - 4.12)).toBeLessThanOrEqual(0.04 + 1e-9);
    expect(refined!.endSec).toBe(coarse!.endSec); // no dense scores around the end edge
  });

  it('joins across a pause of a frame that the per-frame scores show, not across a gap', () => {
    // At one snippet a second, the snippet at 8 s falls on a one-frame pause (background).
    const at = (t: number, pauseSec: [number, number]) =>
      inside(t, pauseSec) ? 0.03 : inside(t, [4, 12]) ? 0.95 : 0.03;
    const coarseCurve = (pause: [number, number]) => {
      const n = 20;
      const centers = Float64Array.from({ length: n }, (_, k) => k);
      const scores = new Float32Array(2 * n);
      centers.forEach((t, k) => {
        scores[2 * k] = 1 - at(t, pause);
        scores[2 * k + 1] = at(t, pause);
      });
      return {
        classCount: 2,
        labels: motion,
        snippetCenterSec: centers,
        scores,
        kind: 'probabilities' as const,
      };
    };
    const denseAround = (pause: [number, number]) => {
      const centers = Float64Array.from({ length: 50 }, (_, i) => 7 + (i + 0.5) * 0.04);
      const scores = new Float32Array(100);
      centers.forEach((t, i) => {
        scores[2 * i] = 1 - at(t, pause);
        scores[2 * i + 1] = at(t, pause);
      });
      return {
        classCount: 2,
        labels: motion,
        snippetCenterSec: centers,
        scores,
        kind: 'probabilities' as const,
      };
    };
    const pause: [number, number] = [7.98, 8.02];
    expect(suggestLabelling(coarseCurve(pause), 20)).toHaveLength(2); // alone, it looks like a gap
    const joined = suggestLabelling(coarseCurve(pause), 20, {}, { dense: denseAround(pause) });
    expect(joined).toHaveLength(1);
    expect(joined[0]!.startSec).toBeCloseTo(3.5, 0);
    const gap: [number, number] = [7.2, 8.8];
    expect(suggestLabelling(coarseCurve(gap), 20, {}, { dense: denseAround(gap) })).toHaveLength(2);
  });
});
