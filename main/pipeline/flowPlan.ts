import { framesPlan, intervalPlan, tsnPlan, type FrameClock } from '../analysis/samplingPlan.ts';
import { frameStartSec } from '../../shared/time/rational.ts';
import type { Snippet } from '../../shared/analysis/types.ts';
import type { Rational } from '../../shared/time/rational.ts';
import type { ModelManifest } from '../../models/manifestSchema.ts';

/**
 * Which frames each stream of a model reads: the sampling plan of scoreVideo, per modality.
 *
 * - RGB: `framesPerSnippet` frames (TSN: 1) per snippet, as samplingPlan.ts places them.
 * - Flow: `framesPerSnippet` is new_length, the number of flow fields (TSN: 5), so a snippet
 *   reads new_length + 1 consecutive frames (6) and its fields are frame k → k + 1 for each
 *   consecutive pair. Alone, a flow model follows its own protocol: tsn25 is TSN's flow
 *   protocol (step = (frames − 1 − new_length) // 24, FORMATS.md), interval centres the
 *   6-frame run on each sample frame a (frames a − 2 … a + 3).
 * - Two-stream alignment (`alignToRgb`): both streams must score the same snippets so that
 *   their logits can be summed snippet by snippet (and fused again from the project's stored
 *   scores, rederive.ts fuseStreams). The RGB plan defines the snippets: its sample frame a
 *   (the RGB frame, TSN's RGB ticks for tsn25) is the snippet, and the flow stack is read
 *   around it: frames a − floor(new_length / 2) … a − floor(new_length / 2) + new_length
 *   (a − 2 … a + 3 for new_length 5: fields a−2→a−1, …, a+2→a+3, the middle field starting
 *   at the RGB frame), shifted inside the video at its ends. The flow snippet keeps the RGB
 *   snippet's centre time (within half a frame of its own middle, 2.5 frames at the clamped
 *   ends), so the two streams' snippet times are identical. Under tsn25 this moves the flow
 *   stacks from TSN's flow ticks onto its RGB ticks (by up to ~24 frames at the last snippet
 *   when the two steps differ by one frame); the video-level score, an average over 25
 *   snippets, is the quantity TSN fuses, and it barely moves.
 */

export interface PlanVideo {
  frameCount: number;
  fps: Rational;
  durationSec: number;
}

export type PlanSpec = { kind: 'interval'; intervalSec: number } | { kind: 'tsn25' };

/** Frames one snippet of this model reads. */
export function runFramesOf(m: Pick<ModelManifest, 'modality' | 'framesPerSnippet'>): number {
  return m.modality === 'flow' ? m.framesPerSnippet + 1 : m.framesPerSnippet;
}

export function planModelSnippets(
  video: PlanVideo,
  m: Pick<ModelManifest, 'modality' | 'framesPerSnippet'>,
  plan: PlanSpec,
  opts: { clock?: FrameClock; alignToRgb?: boolean; sampleFrames?: readonly number[] } = {},
): Snippet[] {
  const clock = opts.clock;
  const isFlow = m.modality === 'flow';
  if (opts.sampleFrames) {
    // Explicit sample frames (edge refinement) replace the plan; flow runs around them.
    return framesPlan(video, {
      sampleFrames: opts.sampleFrames,
      framesPerSnippet: runFramesOf(m),
      ...(clock ? { clock } : {}),
    });
  }
  if (isFlow && opts.alignToRgb) {
    const rgb = planModelSnippets(video, { modality: 'rgb', framesPerSnippet: 1 }, plan, opts);
    const startSec = clock ? clock.startSec : (i: number) => frameStartSec(i, video.fps);
    return alignFlowToRgb(rgb, m.framesPerSnippet, video.frameCount, startSec);
  }
  if (plan.kind === 'tsn25') {
    return tsnPlan(video, {
      modality: isFlow ? 'flow' : 'rgb',
      ...(isFlow ? { newLength: m.framesPerSnippet } : {}),
      ...(clock ? { clock } : {}),
    });
  }
  return intervalPlan(video, {
    intervalSec: plan.intervalSec,
    framesPerSnippet: runFramesOf(m),
    ...(clock ? { clock } : {}),
  });
}

/**
 * Flow snippets on the sample frames of a one-frame RGB plan (see the comment at the top):
 * the stack of `newLength` fields around each RGB frame, same index and centre time.
 */
export function alignFlowToRgb(
  rgb: readonly Snippet[],
  newLength: number,
  frameCount: number,
  startSecOf: (frameIndex: number) => number,
): Snippet[] {
  const runFrames = newLength + 1;
  const before = Math.floor(newLength / 2);
  return rgb.map((s) => {
    const startFrame = Math.max(0, Math.min(s.startFrame - before, frameCount - runFrames));
    return {
      index: s.index,
      startFrame,
      frameCount: runFrames,
      startSec: startSecOf(startFrame),
      centerSec: s.centerSec,
    };
  });
}
