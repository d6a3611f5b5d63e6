import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../../main/app/byteRange.ts';

describe('parseRange', () => {
  const size = 1000;

  it('answers the whole file when there is no Range header', () => {
    expect(parseRange(undefined, size)).toEqual({ kind: 'whole' });
  });

  it('reads a closed range and clamps its end to the file', () => {
    expect(parseRange('bytes=0-9', size)).toEqual({
      kind: 'part',
      startByte: 0,
      endByteInclusive: 9,
    });
    expect(parseRange('bytes=990-5000', size)).toEqual({
      kind: 'part',
      startByte: 990,
      endByteInclusive: 999,
    });
  });

  it('reads an open-ended range', () => {
    expect(parseRange('bytes=500-', size)).toEqual({
      kind: 'part',
      startByte: 500,
      endByteInclusive: 999,
    });
  });

  it('reads a suffix range, the whole file when the suffix is longer than it', () => {
    expect(parseRange('bytes=-100', size)).toEqual({
      kind: 'part',
      startByte: 900,
      endByteInclusive: 999,
    });
    expect(parseRange('bytes=-5000', size)).toEqual({
      kind: 'part',
      startByte: 0,
      endByteInclusive: 999,
    });
  });

  it('calls ranges past the end, reversed, empty or malformed unsatisfiable', () => {
    for (const header of [
      'bytes=1000-',
      'bytes=5-4',
      'bytes=-0',
      'bytes=-',
      'bytes=a-b',
      'items=0-1',
    ]) {
      expect(parseRange(header, size), header).toEqual({ kind: 'unsatisfiable' });
    }
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  it('answers several ranges with the whole file', () => {
    expect(parseRange('bytes=0-1, 5-6', size)).toEqual({ kind: 'whole' });
  });
});
