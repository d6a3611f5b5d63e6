import { describe, expect, it } from 'vitest';
import { drawPlayhead } from '../../../../../renderer/timeline/draw/drawPlayhead.ts';
import { createFakeContext } from './fakeContext.ts';

describe('drawPlayhead', () => {
  const scale = { startSec: 10, secPerPx: 0.1, widthPx: 500, durationSec: 600 };
  it('draws a crisp line at the time', () => {
    const ctx = createFakeContext();
    expect(drawPlayhead(ctx, scale, 20.04, { topPx: 0, heightPx: 200 })).toBe(true);
    expect(ctx.callsOf('moveTo')[0]).toEqual([100.5, 0]);
    expect(ctx.callsOf('lineTo')[0]).toEqual([100.5, 200]);
  });
  it('skips a time out of view', () => {
    const ctx = createFakeContext();
    expect(drawPlayhead(ctx, scale, 5, { topPx: 0, heightPx: 200 })).toBe(false);
    expect(drawPlayhead(ctx, scale, 70, { topPx: 0, heightPx: 200 })).toBe(false);
    expect(ctx.calls).toEqual([]);
  });
});
