import { describe, expect, it } from 'vitest';
import { refinementFrames } from '../../../../main/runs/refineEdges.ts';
import type { SnippetScores } from '../../../../shared/analysis/types.ts';

const plan: SnippetScores = {
  classCount: 2,
  labels: ['background', 'motion'],
  // A snippet every second at 25 fps, centred on frame starts (k seconds).
  snippetCenterSec: Float64Array.from({ length: 10 }, (_, k) => k),
  scores: new Float32Array(20),
  kind: 'probabilities',
};
const video = { fps: { num: 25, den: 1 }, frameCount: 250, durationSec: 10 };

describe('the frames the edge refinement scores', () => {
  it('are every frame between the two plan snippets around each inner edge, and one more each side', () => {
    const frames = refinementFrames(
      plan,
      [{ startSec: 2.6, endSec: 5.2, label: 'motion', score: 1 }],
      video,
    );
    const expected = [
      ...Array.from({ length: 28 }, (_, i) => 49 + i), // 2 s … 3 s: frames 50–75, ±1
      ...Array.from({ length: 28 }, (_, i) => 124 + i), // 5 s … 6 s: frames 125–150, ±1
    ];
    expect(frames).toEqual(expected);
  });

  it('leave out edges at the start and the end of the video, and share frames between edges', () => {
    expect(
      refinementFrames(plan, [{ startSec: 0, endSec: 10, label: 'motion', score: 1 }], video),
    ).toEqual([]);
    const touching = refinementFrames(
      plan,
      [
        { startSec: 3.3, endSec: 3.7, label: 'motion', score: 1 },
        { startSec: 3.7, endSec: 8, label: 'motion', score: 1 },
      ],
      video,
    );
    expect(new Set(touching).size).toBe(touching.length);
    expect(touching[0]).toBe(74);
  });
});
