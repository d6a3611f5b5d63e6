import { describe, expect, it } from 'vitest';
import { drawRuler } from '../../../../../renderer/timeline/draw/drawRuler.ts';
import { createFakeContext } from './fakeContext.ts';

const fps25 = { num: 25, den: 1 };

describe('drawRuler', () => {
  it('strokes every tick in one path and labels the major ones', () => {
    const ctx = createFakeContext();
    const scale = { startSec: 55, secPerPx: 0.1, widthPx: 300, durationSec: 120 };
    drawRuler(ctx, scale, { topPx: 0, heightPx: 24 }, { fps: fps25 });
    expect(ctx.callsOf('stroke')).toHaveLength(1);
    expect(ctx.callsOf('fillText').map((c) => c[0])).toEqual(['1:00', '1:10', '1:20']);
    expect(ctx.callsOf('fillText')[0]).toEqual(['1:00', 53, 2]);
    expect(ctx.callsOf('moveTo')).toContainEqual([50.5, 24]);
  });
});
