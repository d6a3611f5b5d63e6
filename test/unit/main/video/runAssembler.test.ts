import { describe, expect, it } from 'vitest';
import { planChunks } from '../../../../main/video/chunkPlan.ts';
import type { SampledRun } from '../../../../main/video/frameRuns.ts';
import { timestampTimeline } from '../../../../main/video/frameTimeline.ts';
import { RunAssembler } from '../../../../main/video/runAssembler.ts';

const timeline = timestampTimeline(Float64Array.from([...Array(20).keys()].map((i) => i / 10)));
const frameOf = (index: number) => Uint8Array.of(index);

describe('RunAssembler', () => {
  it('yields runs in request order, each as soon as its frames (and earlier runs) are complete', () => {
    // A long run, a run inside it, and a run past the end (clamped to frame 19).
    const runs = [
      { startFrame: 2, frameCount: 5 },
      { startFrame: 3, frameCount: 1 },
      { startFrame: 18, frameCount: 3 },
    ];
    const [chunk] = planChunks(runs, timeline, { strategy: 'one-pass' });
    const assembler = new RunAssembler(chunk!);
    const yieldedAfter: Record<number, SampledRun[]> = {};
    for (const index of [2, 3, 4, 5, 6, 18, 19]) {
      yieldedAfter[index] = [...assembler.add(index, frameOf(index))];
    }
    expect(yieldedAfter[3]).toEqual([]); // run 2 (inside run 1) waits for run 1
    expect(yieldedAfter[6]?.map((s) => s.run.startFrame)).toEqual([2, 3]);
    expect(yieldedAfter[19]?.map((s) => s.frames.map((f) => f[0]))).toEqual([[18, 19, 19]]);
  });

  it('never hands out the same array twice', () => {
    const runs = [
      { startFrame: 0, frameCount: 3 },
      { startFrame: 1, frameCount: 3 },
      { startFrame: 19, frameCount: 3 },
    ];
    const [chunk] = planChunks(runs, timeline, { strategy: 'one-pass' });
    const assembler = new RunAssembler(chunk!);
    const out = [0, 1, 2, 3, 19].flatMap((i) => [...assembler.add(i, frameOf(i))]);
    const arrays = out.flatMap((s) => s.frames);
    expect(arrays.map((f) => f[0])).toEqual([0, 1, 2, 1, 2, 3, 19, 19, 19]);
    expect(new Set(arrays).size).toBe(arrays.length);
  });

  it('pads frames that never came with copies of the last one', () => {
    const [chunk] = planChunks([{ startFrame: 17, frameCount: 3 }], timeline, {
      strategy: 'one-pass',
    });
    const assembler = new RunAssembler(chunk!);
    expect([...assembler.add(17, frameOf(17))]).toEqual([]);
    const [padded] = [...assembler.padWithLast([18, 19])];
    expect(padded?.frames.map((f) => f[0])).toEqual([17, 17, 17]);
  });
});
