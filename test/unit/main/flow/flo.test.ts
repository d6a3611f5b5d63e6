import { describe, expect, it } from 'vitest';
import { decodeFlo, encodeFlo, FLO_MAGIC } from '../../../../main/flow/flo.ts';

describe('Middlebury .flo', () => {
  const flow = {
    width: 3,
    height: 2,
    u: Float32Array.of(0.5, -1.25, 3, 4.125, -0, 1e-3),
    v: Float32Array.of(-2, 0, 7.75, -8.5, 1, 2),
  };
  it("writes 'PIEH', width, height, then u,v pairs row by row, little-endian", () => {
    const bytes = encodeFlo(flow);
    expect(bytes.length).toBe(12 + 8 * 6);
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('PIEH');
    const view = new DataView(bytes.buffer);
    expect(view.getFloat32(0, true)).toBe(FLO_MAGIC);
    expect(view.getInt32(4, true)).toBe(3);
    expect(view.getInt32(8, true)).toBe(2);
    expect(view.getFloat32(12, true)).toBe(0.5);
    expect(view.getFloat32(16, true)).toBe(-2);
    expect(view.getFloat32(20, true)).toBe(-1.25);
  });
  it('round-trips exactly', () => {
    const back = decodeFlo(encodeFlo(flow));
    expect(back.width).toBe(3);
    expect(back.height).toBe(2);
    expect([...back.u]).toEqual([...flow.u]);
    expect([...back.v]).toEqual([...flow.v]);
  });
  it('rejects a wrong magic or a truncated file', () => {
    const bytes = encodeFlo(flow);
    expect(() => decodeFlo(bytes.subarray(0, bytes.length - 1))).toThrow(/bytes/);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => decodeFlo(bad)).toThrow(/PIEH/);
  });
});
