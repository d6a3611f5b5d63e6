import { describe, expect, it } from 'vitest';
import { ProtoMessage } from '../../../../models/convert/caffe/protoReader.ts';
import { ProtoWriter } from '../../../../models/onnx/protobufWriter.ts';

describe('ProtoMessage', () => {
  it('reads what ProtoWriter writes: strings, ints (negative too), floats packed and not, messages', () => {
    const bytes = new ProtoWriter()
      .string(1, 'conv1')
      .int(2, 7)
      .int(3, -2)
      .float(4, 1.5)
      .packedFloats(5, [1, 2.5])
      .float(5, -3)
      .packedFloats(5, [4])
      .packedInts(6, [64, 3, 300])
      .int(6, 9)
      .message(7, (w) => w.string(1, 'inner'))
      .message(7, (w) => w.string(1, 'second'))
      .finish();
    const m = new ProtoMessage(bytes);
    expect(m.string(1)).toBe('conv1');
    expect(m.int(2)).toBe(7);
    expect(m.int(3)).toBe(-2);
    expect(m.float(4)).toBe(1.5);
    expect(Array.from(m.floats(5))).toEqual([1, 2.5, -3, 4]);
    expect(m.ints(6)).toEqual([64, 3, 300, 9]);
    expect(m.messages(7).map((x) => x.string(1))).toEqual(['inner', 'second']);
    expect(m.message(7)?.string(1)).toBe('second');
    expect(m.has(8)).toBe(false);
    expect(m.floats(8).length).toBe(0);
  });

  it('reads floats at unaligned offsets and rejects truncated input', () => {
    const bytes = new ProtoWriter().string(1, 'x').packedFloats(5, [0.25, -8]).finish();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(Array.from(new ProtoMessage(shifted.subarray(1)).floats(5))).toEqual([0.25, -8]);
    expect(() => new ProtoMessage(bytes.subarray(0, bytes.length - 2))).toThrow(/truncated/);
  });
});
