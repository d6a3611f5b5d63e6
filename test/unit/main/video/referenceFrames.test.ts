import { describe, expect, it } from 'vitest';
import { constantRateTimeline } from '../../../../main/video/frameTimeline.ts';
import { planReferenceFrames, WindowPicker } from '../../../../main/video/referenceFrames.ts';

const timeline = constantRateTimeline({
  fps: { num: 25, den: 1 },
  frameCount: 1000,
  startTimeSec: 0,
} as Parameters<typeof constantRateTimeline>[0]);
const run = (startFrame: number, frameCount = 1) => ({ startFrame, frameCount });
const plan = (runs: ReturnType<typeof run>[], maxShiftFrames = 2) =>
  planReferenceFrames(runs, timeline, maxShiftFrames, { strategy: 'one-pass' });

describe('planReferenceFrames', () => {
  it('gives each distinct frame a window of ±shift, runs past the end sharing the last', () => {
    const p = plan([run(0), run(25), run(50), run(999), run(1005)])!;
    expect(p.frames).toEqual([0, 25, 50, 999]);
    expect(p.frameOfRun).toEqual([0, 1, 2, 3, 3]);
    expect(p.shiftFrames).toBe(2);
    expect(p.chunks).toHaveLength(1);
    expect(p.chunks[0]!.chunk.spans).toEqual([
      [0, 2],
      [23, 27],
      [48, 52],
      [997, 999],
    ]);
  });

  it('narrows the windows so they never overlap, and declines when not even ±1 fits', () => {
    expect(plan([run(10), run(14)])!.shiftFrames).toBe(1);
    expect(plan([run(10), run(12)])).toBeNull();
  });

  it('declines runs of several frames (stacks and clips need consecutive frames)', () => {
    expect(plan([run(10), run(40, 6)])).toBeNull();
  });
});

describe('WindowPicker', () => {
  const px = (n: number) => Uint8Array.of(n);
  const picked = (p: { frameIndex: number } | null) => p?.frameIndex ?? null;

  it('picks the nearest frame of each window, the earlier on a tie', () => {
    const picker = new WindowPicker([10, 20, 30], 2);
    const out: (number | null)[] = [];
    for (const f of [9, 11, 19, 22, 28, 32]) out.push(...picker.offer(f, px(f)).picks.map(picked));
    out.push(...picker.finish().map(picked));
    expect(out).toEqual([9, 19, 28]);
  });

  it('closes a window as soon as a frame at or after its target arrives', () => {
    const picker = new WindowPicker([10, 20], 2);
    expect(picker.offer(8, px(8)).picks).toEqual([]);
    expect(picker.offer(10, px(10)).picks.map(picked)).toEqual([10]);
  });

  it('closes a window with nothing in it as null, and hands back every array it drops', () => {
    const picker = new WindowPicker([10, 20], 2);
    const a = picker.offer(9, px(9));
    const b = picker.offer(11, px(11)); // as far from 10 as 9 is: 9 stays
    expect(a.spare).toEqual([]);
    expect(b.spare.map((x) => x[0])).toEqual([11]);
    expect(b.picks.map(picked)).toEqual([9]);
    expect(picker.finish()).toEqual([null]);
  });
});
