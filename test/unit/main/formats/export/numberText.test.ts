import { describe, expect, it } from 'vitest';
import { jsonNumber, plainDecimal } from '../../../../../main/formats/export/numberText.ts';

describe('export number text', () => {
  it('plain decimals carry the shortest round-trip digits without an exponent', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [12.5, '12.5'],
      [0.1 + 0.2, '0.30000000000000004'],
      [1e-7, '0.0000001'],
      [1.2345e-9, '0.0000000012345'],
      [-2.5e-8, '-0.000000025'],
      [1e21, '1000000000000000000000'],
      [1.5e22, '15000000000000000000000'],
      [123456.789, '123456.789'],
      [Number.MIN_VALUE, `0.${'0'.repeat(323)}5`],
    ];
    for (const [value, text] of cases) {
      expect(plainDecimal(value, 'x')).toBe(text);
      expect(Object.is(Number(text), value)).toBe(true);
    }
  });

  it('refuses what no format can hold', () => {
    expect(() => jsonNumber(Infinity, 'database["v"].duration')).toThrow(
      'database["v"].duration: Infinity is not a finite number',
    );
    expect(() => plainDecimal(NaN, 'x')).toThrow('not a finite number');
  });
});
