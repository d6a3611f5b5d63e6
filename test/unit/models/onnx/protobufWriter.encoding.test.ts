import { describe, expect, it } from 'vitest';
import { ProtoWriter } from '../../../../models/onnx/protobufWriter.ts';

const bytes = (b: Uint8Array) => [...b];

describe('ProtoWriter encoding', () => {
  it('writes 1 and 300 as varints after the field key', () => {
    expect(bytes(new ProtoWriter().int(1, 1).finish())).toEqual([0x08, 0x01]);
    expect(bytes(new ProtoWriter().int(1, 300).finish())).toEqual([0x08, 0xac, 0x02]);
    expect(bytes(new ProtoWriter().int(1, 300n).finish())).toEqual([0x08, 0xac, 0x02]);
  });

  it('writes a negative int64 as ten bytes', () => {
    const out = new ProtoWriter().int(1, -2n).finish();
    expect(out).toHaveLength(11);
    expect(bytes(out)).toEqual([0x08, 0xfe, ...Array<number>(8).fill(0xff), 0x01]);
  });

  it('writes a float as wire type 5, four little-endian bytes', () => {
    expect(bytes(new ProtoWriter().float(3, 0.5).finish())).toEqual([0x1d, 0, 0, 0, 0x3f]);
    expect(bytes(new ProtoWriter().float(1, -2).finish())).toEqual([0x0d, 0, 0, 0, 0xc0]);
  });

  it('prefixes a nested message with its length', () => {
    const out = new ProtoWriter()
      .message(2, (w) => w.int(1, 300).string(2, 'ab'))
      .int(3, 1)
      .finish();
    expect(bytes(out)).toEqual([0x12, 7, 0x08, 0xac, 0x02, 0x12, 2, 0x61, 0x62, 0x18, 1]);
  });

  it('writes a length of 128 or more as a multi-byte varint', () => {
    const out = new ProtoWriter().bytes(1, new Uint8Array(200)).finish();
    expect(bytes(out.subarray(0, 3))).toEqual([0x0a, 0xc8, 0x01]);
    expect(out).toHaveLength(203);
  });
});
