import { describe, expect, it } from 'vitest';
import {
  drawSegmentsTrack,
  labelText,
  type SegmentsTrack,
} from '../../../../../renderer/timeline/draw/drawSegmentsTrack.ts';
import { DEFAULT_THEME } from '../../../../../renderer/timeline/draw/theme.ts';
import { classColor } from '../../../../../renderer/timeline/classColor.ts';
import { buildSegmentIndex } from '../../../../../renderer/timeline/visibleRange.ts';
import { assignLanes } from '../../../../../renderer/timeline/lanes.ts';
import type { Provenance, TimelineSegment } from '../../../../../renderer/timeline/types.ts';
import { createFakeContext } from './fakeContext.ts';

const layout = { topPx: 50, laneHeightPx: 20, laneGapPx: 2 };
const scale = { startSec: 10, secPerPx: 0.1, widthPx: 500, durationSec: 600 }; // 10 … 60 s

function seg(
  id: string,
  startSec: number,
  endSec: number,
  provenance: Provenance = 'accepted',
  label = 'run',
): TimelineSegment {
  return { id, startSec, endSec, label, score: 0.87, provenance };
}

function track(segments: TimelineSegment[], extra: Partial<SegmentsTrack> = {}): SegmentsTrack {
  const { laneOfSegment } = assignLanes(segments);
  return { segments, index: buildSegmentIndex(segments), laneOfSegment, layout, ...extra };
}

describe('drawSegmentsTrack', () => {
  it('draws only segments in view, in their lanes, in seconds converted to pixels', () => {
    const ctx = createFakeContext();
    const segments = [
      seg('before', 0, 5),
      seg('a', 20, 30),
      seg('b', 25, 28),
      seg('after', 70, 80),
    ];
    drawSegmentsTrack(ctx, scale, track(segments));
    expect(ctx.callsOf('fillRect')).toEqual([
      [100, 50, 100, 20],
      [150, 72, 30, 20],
    ]);
  });

  it('styles by provenance', () => {
    const ctx = createFakeContext();
    const segments = [
      seg('p', 11, 14, 'predicted'),
      seg('a', 15, 18, 'accepted'),
      seg('e', 19, 22, 'edited'),
      seg('r', 23, 26, 'rejected'),
      seg('m', 27, 30, 'manual'),
    ];
    drawSegmentsTrack(ctx, scale, track(segments));
    const fills = ctx.stateAt('fillRect');
    expect(fills.map((s) => s.globalAlpha)).toEqual([0.3, 1, 1, 0.35, 1]);
    expect(fills.map((s) => s.fillStyle)).toEqual([
      classColor('run'),
      classColor('run'),
      classColor('run'),
      DEFAULT_THEME.rejected,
      classColor('run'),
    ]);
    // Outlines: predicted (solid) and manual (dashed).
    expect(ctx.callsOf('strokeRect')).toHaveLength(2);
    expect(ctx.callsOf('setLineDash')).toContainEqual([[4, 2]]);
    // The edited marker is a filled triangle; the rejected one is hatched inside a clip.
    expect(ctx.callsOf('fill')).toHaveLength(1);
    expect(ctx.callsOf('clip')).toHaveLength(1);
  });

  it('writes label and score where they fit, not on narrow segments', () => {
    const ctx = createFakeContext();
    drawSegmentsTrack(ctx, scale, track([seg('wide', 20, 40), seg('narrow', 45, 46)]));
    expect(ctx.callsOf('fillText')).toEqual([['run 0.87', 104, 60]]);
    const noScore = createFakeContext();
    drawSegmentsTrack(noScore, scale, track([seg('wide', 20, 40)], { showScore: false }));
    expect(noScore.callsOf('fillText')[0]![0]).toBe('run');
  });

  it('outlines the selected segment last, on top', () => {
    const ctx = createFakeContext();
    drawSegmentsTrack(
      ctx,
      scale,
      track([seg('a', 20, 30), seg('b', 30, 40)], { selectedId: 'a', hoveredId: 'b' }),
    );
    const strokes = ctx.stateAt('strokeRect');
    expect(strokes.map((s) => s.strokeStyle)).toEqual([
      DEFAULT_THEME.selection,
      DEFAULT_THEME.hover,
    ]);
    const lastFill = ctx.calls.findLastIndex((c) => c.op === 'fillRect');
    const firstStroke = ctx.calls.findIndex((c) => c.op === 'strokeRect');
    expect(firstStroke).toBeGreaterThan(lastFill);
  });

  it('clamps long segments to the canvas and coalesces sub-pixel ones', () => {
    const ctx = createFakeContext();
    const zoomedOut = { startSec: 0, secPerPx: 3.6, widthPx: 1000, durationSec: 3600 };
    const many = Array.from({ length: 5000 }, (_, i) => seg(`s${i}`, i * 0.72, i * 0.72 + 0.5));
    const segments = [seg('all', 0, 3600), ...many].sort((a, b) => a.startSec - b.startSec);
    drawSegmentsTrack(ctx, zoomedOut, track(segments));
    const rects = ctx.callsOf('fillRect') as number[][];
    expect(rects[0]).toEqual([0, 72, 1000, 20]); // 'all', in lane 1 beside s0
    expect(rects.length).toBeLessThanOrEqual(1 + 1001);
    expect(rects.length).toBeGreaterThan(900);
  });

  it('clamps a segment longer than the view to just outside the canvas', () => {
    const ctx = createFakeContext();
    drawSegmentsTrack(ctx, scale, track([seg('long', 0, 100)]));
    expect(ctx.callsOf('fillRect')).toEqual([[-2, 50, 504, 20]]);
  });

  it('restores the context state', () => {
    const ctx = createFakeContext();
    drawSegmentsTrack(ctx, scale, track([seg('a', 20, 30, 'rejected')]));
    expect(ctx.callsOf('save').length).toBe(ctx.callsOf('restore').length);
  });
});

describe('labelText', () => {
  const s = seg('x', 0, 1, 'predicted', 'playing guitar');
  it('adds the score and truncates with an ellipsis', () => {
    expect(labelText(s, true, 200)).toBe('playing guitar 0.87');
    expect(labelText(s, true, 40)).toBe('playi…');
    expect(labelText(s, true, 6)).toBeNull();
    expect(labelText({ ...s, score: null }, true, 200)).toBe('playing guitar');
  });
});
