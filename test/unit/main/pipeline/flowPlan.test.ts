import { describe, expect, it } from 'vitest';
import { tsnFlowSnippetStarts } from '../../../../main/flow/tsnEncoding.ts';
import { planModelSnippets, runFramesOf } from '../../../../main/pipeline/flowPlan.ts';
import { fuseStreams } from '../../../../main/analysis/streamFusion.ts';
import type { Snippet } from '../../../../shared/analysis/types.ts';

const flow = { modality: 'flow', framesPerSnippet: 5 } as const;
const rgb = { modality: 'rgb', framesPerSnippet: 1 } as const;
const video = (frameCount: number) => ({
  frameCount,
  fps: { num: 30, den: 1 },
  durationSec: frameCount / 30,
});

const scoresAt = (snippets: Snippet[], value: number) => ({
  classCount: 1,
  labels: ['a'],
  snippetCenterSec: Float64Array.from(snippets, (s) => s.centerSec),
  scores: new Float32Array(snippets.length).fill(value),
  kind: 'logits' as const,
});

describe('flow snippet plans', () => {
  it('a flow snippet reads new_length + 1 frames', () => {
    expect(runFramesOf(flow)).toBe(6);
    expect(runFramesOf(rgb)).toBe(1);
  });

  it('alone, tsn25 is TSN’s flow protocol (step over the flow fields)', () => {
    for (const frames of [150, 61, 31]) {
      const plan = planModelSnippets(video(frames), flow, { kind: 'tsn25' });
      expect(plan.map((s) => s.startFrame)).toEqual(tsnFlowSnippetStarts(frames - 1));
      expect(plan.every((s) => s.frameCount === 6)).toBe(true);
    }
  });

  it('alone, interval centres the 6-frame run on the sample frame (a − 2 … a + 3)', () => {
    const plan = planModelSnippets(video(90), flow, { kind: 'interval', intervalSec: 1 });
    expect(plan.map((s) => s.startFrame)).toEqual([0, 28, 58]);
    expect(plan.every((s) => s.frameCount === 6)).toBe(true);
  });

  it('aligned to RGB: the stack around each RGB frame, at the RGB snippet’s time', () => {
    for (const spec of [
      { kind: 'tsn25' } as const,
      { kind: 'interval', intervalSec: 0.5 } as const,
    ]) {
      for (const frames of [150, 40, 26, 8]) {
        const r = planModelSnippets(video(frames), rgb, spec);
        const f = planModelSnippets(video(frames), flow, spec, { alignToRgb: true });
        expect(f.length).toBe(r.length);
        f.forEach((s, k) => {
          expect(s.index).toBe(r[k]!.index);
          expect(s.centerSec).toBe(r[k]!.centerSec);
          expect(s.frameCount).toBe(6);
          expect(s.startFrame).toBe(Math.max(0, Math.min(r[k]!.startFrame - 2, frames - 6)));
          expect(s.startSec).toBeCloseTo(s.startFrame / 30, 12);
        });
        // Whatever the steps, the project can fuse the two stored streams again.
        const fused = fuseStreams(
          [
            { stream: 'rgb', weight: 1, scores: scoresAt(r, 1) },
            { stream: 'flow', weight: 1.5, scores: scoresAt(f, 2) },
          ],
          'v',
        );
        expect([...fused.scores]).toEqual(r.map(() => 4));
        expect([...fused.snippetCenterSec]).toEqual(r.map((s) => s.centerSec));
      }
    }
  });

  it('aligned under tsn25: the flow stack sits on TSN’s RGB ticks, its middle field at the RGB frame', () => {
    // 170 frames: RGB step (170 − 1) // 24 = 7, flow step (169 − 5) // 24 = 6: TSN's own
    // flow ticks would drift 24 frames behind the RGB ones by the last snippet.
    const r = planModelSnippets(video(170), rgb, { kind: 'tsn25' });
    const f = planModelSnippets(video(170), flow, { kind: 'tsn25' }, { alignToRgb: true });
    expect(r.map((s) => s.startFrame)).toEqual(Array.from({ length: 25 }, (_, k) => 7 * k));
    expect(f.map((s) => s.startFrame)).toEqual(
      Array.from({ length: 25 }, (_, k) => Math.min(Math.max(0, 7 * k - 2), 170 - 6)),
    );
  });
});
