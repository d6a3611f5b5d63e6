import { describe, expect, it } from 'vitest';
import { nearestFrameBoundary, snapTime } from '../../../../renderer/timeline/snapping.ts';

const SEC_PER_PX = 0.01; // 6 px threshold = 0.06 s
const fps25 = { kind: 'constant', fps: { num: 25, den: 1 } } as const;

describe('snapTime', () => {
  it('snaps to the nearest frame boundary within the threshold', () => {
    expect(snapTime(1.01, SEC_PER_PX, { frames: fps25 })).toEqual({ timeSec: 1, kind: 'frame' });
    expect(snapTime(1.03, SEC_PER_PX, { frames: fps25 })).toEqual({ timeSec: 1.04, kind: 'frame' });
    // Zoomed in far: the nearest frame is more than 6 px away.
    expect(snapTime(1.01, 0.001, { frames: fps25 })).toEqual({ timeSec: 1.01, kind: null });
  });

  it('prefers marks that mean something over frames, nearest first', () => {
    const targets = {
      frames: fps25,
      shotCutsSec: [2.05],
      changePointsSec: [1.98],
      segmentEdgesSec: [0.5, 2.5],
    };
    expect(snapTime(2.0, SEC_PER_PX, targets)).toEqual({ timeSec: 1.98, kind: 'changePoint' });
    expect(snapTime(2.04, SEC_PER_PX, targets)).toEqual({ timeSec: 2.05, kind: 'shotCut' });
    expect(snapTime(2.47, SEC_PER_PX, targets)).toEqual({ timeSec: 2.5, kind: 'segmentEdge' });
    expect(snapTime(3.01, SEC_PER_PX, targets)).toEqual({ timeSec: 3, kind: 'frame' });
  });

  it('breaks a tie by kind: shot cut, change point, segment edge', () => {
    const targets = { shotCutsSec: [1.02], changePointsSec: [0.98], segmentEdgesSec: [1.02] };
    expect(snapTime(1, SEC_PER_PX, targets).kind).toBe('shotCut');
    expect(snapTime(1, SEC_PER_PX, { changePointsSec: [0.98], segmentEdgesSec: [1.02] }).kind).toBe(
      'changePoint',
    );
  });

  it('scales the threshold with the zoom', () => {
    const targets = { shotCutsSec: new Float64Array([10]) };
    expect(snapTime(10.5, 0.1, targets).kind).toBe('shotCut'); // 5 px away
    expect(snapTime(10.5, 0.05, targets).kind).toBeNull(); // 10 px away
    expect(snapTime(10.5, 0.05, targets, 12).kind).toBe('shotCut');
  });

  it('snaps to exact NTSC frame starts and to variable frame times', () => {
    const ntsc = { kind: 'constant', fps: { num: 30000, den: 1001 } } as const;
    const frameSec = 1001 / 30000;
    expect(snapTime(100 * frameSec + 0.004, SEC_PER_PX, { frames: ntsc }).timeSec).toBe(
      (100 * 1001) / 30000,
    );
    const vfr = { kind: 'variable', frameStartSec: [0, 0.04, 0.1, 0.13] } as const;
    expect(snapTime(0.09, SEC_PER_PX, { frames: vfr })).toEqual({ timeSec: 0.1, kind: 'frame' });
  });

  it('finds frame boundaries with an offset and never before the first frame', () => {
    const grid = { kind: 'constant', fps: { num: 10, den: 1 }, offsetSec: 0.05 } as const;
    expect(nearestFrameBoundary(0.31, grid)).toBeCloseTo(0.35, 12);
    expect(nearestFrameBoundary(-1, grid)).toBe(0.05);
    expect(nearestFrameBoundary(1, { kind: 'variable', frameStartSec: [] })).toBeNull();
  });

  it('leaves the time alone with nothing to snap to', () => {
    expect(snapTime(4.2, SEC_PER_PX, {})).toEqual({ timeSec: 4.2, kind: null });
  });
});
