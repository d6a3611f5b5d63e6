import { describe, expect, it } from 'vitest';
import { decodeHalves, halfTable, halfToFloat } from '../../../../main/learn/halfFloat.ts';

describe('float16 decoding', () => {
  it('gives the exact value of known bit patterns', () => {
    const known: [number, number][] = [
      [0x0000, 0],
      [0x3c00, 1],
      [0xc000, -2],
      [0x3555, 0.333251953125],
      [0x7bff, 65504], // the largest finite half
      [0x0400, 2 ** -14], // the smallest normal
      [0x0001, 2 ** -24], // the smallest subnormal
      [0x03ff, 1023 * 2 ** -24], // the largest subnormal
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
    ];
    for (const [bits, value] of known) expect(halfToFloat(bits), bits.toString(16)).toBe(value);
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('agrees with the platform Float16Array on all 65,536 patterns', () => {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    const platform = new Float16Array(bits.buffer);
    const table = halfTable();
    for (let i = 0; i < 65536; i++) {
      if (Number.isNaN(platform[i])) expect(table[i], i.toString(16)).toBeNaN();
      else expect(table[i], i.toString(16)).toBe(platform[i]);
    }
  });

  it('decodes a run of halves from an offset', () => {
    const out = new Float32Array(2);
    decodeHalves(Uint16Array.of(0x3c00, 0x4000, 0xc400), 1, 2, out);
    expect([...out]).toEqual([2, -4]);
  });
});
