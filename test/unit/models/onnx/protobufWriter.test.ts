import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../../models/onnx/protobufWriter.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('ProtoWriter', () => {
  it('writes varints as in the protobuf encoding guide', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(2, 300).finish())).toBe('10ac02');
    expect(hex(new ProtoWriter().int(1, 0).finish())).toBe('0800');
  });

  it('writes a negative int64 as ten bytes of two’s complement', () => {
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe(`08${'ff'.repeat(9)}01`);
  });

  it('writes length-delimited strings, nested messages and floats', () => {
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    const nested = new ProtoWriter().message(3, (w) => w.int(1, 150)).finish();
    expect(hex(nested)).toBe('1a03089601');
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
  });

  it('packs repeated ints and floats into one length-delimited field', () => {
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
    expect(hex(new ProtoWriter().packedFloats(7, [1, -2]).finish())).toBe('3a080000803f000000c0');
  });

  it('rejects a non-integer for an integer field', () => {
    expect(() => new ProtoWriter().int(1, 0.5)).toThrow(/not an integer/);
  });
});
