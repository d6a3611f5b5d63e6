/**
 * Score BLOBs as project files hold them: float16 blobs written by the hand-written
 * conversion (before Float16Array) read back identically and are written again byte for
 * byte; float32 and float64 round-trip exactly, also from an unaligned SQLite buffer; float32
 * to float16 bits rounds as IEEE 754 does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeFloat64,
  decodeScores,
  encodeFloat64,
  encodeScores,
  float16Bits,
} from '../../../../main/project/scoreBlobs.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../../fixtures/scores/float16Blobs.json');
const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
  count: number;
  values: string;
  blob: string;
  decoded: string;
};
const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));
const floats = (b64: string) => new Float32Array(bytes(b64).buffer);

/** `bytes` at an odd offset inside a larger buffer, as SQLite may hand a BLOB back. */
function unaligned(b: Uint8Array): Uint8Array {
  const host = new Uint8Array(b.length + 3);
  host.set(b, 3);
  return host.subarray(3);
}

describe('float16 score blobs', () => {
  it('read back what the old conversion wrote, value for value', () => {
    const blob = bytes(fixture.blob);
    expect(blob.length).toBe(2 * fixture.count);
    const expected = floats(fixture.decoded);
    for (const input of [blob, unaligned(blob)]) {
      const got = decodeScores(input, 'float16');
      expect(got.length).toBe(fixture.count);
      // Bit for bit (-0 stays -0, subnormals stay exact): compare the float32 bytes.
      expect(new Uint8Array(got.buffer)).toEqual(new Uint8Array(expected.buffer));
    }
  });

  it('write the same bytes as the old conversion for the same values', () => {
    const values = floats(fixture.values);
    expect(encodeScores(values, 'float16')).toEqual(bytes(fixture.blob));
  });
});

describe('float32 and float64 blobs', () => {
  it('round-trip exactly, also from an unaligned buffer', () => {
    const scores = Float32Array.from([0, -0, 1e-7, 0.25, -3.5, 1e30, Infinity]);
    const blob = encodeScores(scores, 'float32');
    expect(decodeScores(unaligned(blob), 'float32')).toEqual(scores);
    const centres = Float64Array.from([0.125, 1 / 3, 3600.04]);
    expect(decodeFloat64(unaligned(encodeFloat64(centres)))).toEqual(centres);
  });

  it('float16 bits: nearest even, subnormals, the largest finite and past it', () => {
    const values = Float32Array.of(
      1 / 3,
      1 + 2 ** -11,
      1 + 3 * 2 ** -11,
      2 ** -24,
      -65504,
      65520,
      NaN,
    );
    const bits = Array.from(float16Bits(values), (b) => b.toString(16));
    expect(bits).toEqual(['3555', '3c00', '3c02', '1', 'fbff', '7c00', '7e00']);
    expect(Array.from(float16Bits(values))).toEqual(
      Array.from(new Uint16Array(encodeScores(values, 'float16').buffer)),
    );
  });
});
