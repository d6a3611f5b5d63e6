import { describe, expect, it } from 'vitest';
import { halfTable } from '../../../../main/learn/halfFloat.ts';

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
    const table = halfTable();
    for (const [bits, value] of known) expect(table[bits], bits.toString(16)).toBe(value);
    expect(Object.is(table[0x8000], -0)).toBe(true);
    expect(table[0x7e00]).toBeNaN();
  });
});
