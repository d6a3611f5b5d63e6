import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameError } from '../../../../shared/ipc/frame.ts';

function roundTrip(value: unknown): unknown {
  return decodeFrame(encodeFrame(value));
}

function headerOf(frame: Uint8Array): {
  body: unknown;
  arrays: { path: (string | number)[]; type: string; byteOffset: number; length: number }[];
} {
  const length = new DataView(frame.buffer, frame.byteOffset).getUint32(0, true);
  return JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + length)));
}

/** A frame with a hand-written header and `dataBytes` of zeroed data after it. */
function frameWithHeader(header: unknown, dataBytes = 64): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const frame = new Uint8Array(4 + text.length + dataBytes);
  new DataView(frame.buffer).setUint32(0, text.length, true);
  frame.set(text, 4);
  return frame;
}

describe('encodeFrame / decodeFrame', () => {
  it('round-trips plain JSON with no arrays, with JSON conversions', () => {
    const value = { a: 1, b: ['x', { c: true }], d: null };
    expect(roundTrip(value)).toEqual(value);
    expect(roundTrip({ at: new Date(0), n: NaN })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      n: null,
    });
    expect(headerOf(encodeFrame(value)).arrays).toEqual([]);
  });

  it('round-trips every supported typed array as the same type with identical values', () => {
    const value = {
      f32: new Float32Array([1.5, -2, 3.25]),
      f64: new Float64Array([Math.PI, -1e300, 5e-324]),
      i32: new Int32Array([-2147483648, 0, 2147483647]),
      u8: new Uint8Array([0, 7, 255]),
    };
    const back = roundTrip(value) as typeof value;
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(back.f64).toBeInstanceOf(Float64Array);
    expect(back.i32).toBeInstanceOf(Int32Array);
    expect(back.u8).toBeInstanceOf(Uint8Array);
    expect(Array.from(back.f32)).toEqual([1.5, -2, 3.25]);
    expect(Array.from(back.f64)).toEqual([Math.PI, -1e300, 5e-324]);
    expect(Array.from(back.i32)).toEqual([-2147483648, 0, 2147483647]);
    expect(Array.from(back.u8)).toEqual([0, 7, 255]);
  });

  it('keeps NaN and infinities inside a Float32Array (JSON would turn them into null)', () => {
    const back = roundTrip({ s: new Float32Array([NaN, Infinity, -Infinity, -0]) }) as {
      s: Float32Array;
    };
    expect(Number.isNaN(back.s[0])).toBe(true);
    expect(back.s[1]).toBe(Infinity);
    expect(back.s[2]).toBe(-Infinity);
    expect(Object.is(back.s[3], -0)).toBe(true);
  });

  it('places arrays nested in arrays and objects, and at the root', () => {
    const value = {
      runs: [
        { id: 1, scores: new Float32Array([0.1, 0.2]) },
        { id: 2, scores: new Float32Array([0.3]) },
      ],
      grid: [[new Int32Array([1]), 'x'], [new Uint8Array([2, 3])]],
    };
    const back = roundTrip(value) as typeof value;
    expect(back.runs[1]!.id).toBe(2);
    expect(Array.from(back.runs[0]!.scores)).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    expect(Array.from(back.runs[1]!.scores)).toEqual([Math.fround(0.3)]);
    expect(back.grid[0]![1]).toBe('x');
    expect(Array.from(back.grid[0]![0] as Int32Array)).toEqual([1]);
    expect(Array.from(back.grid[1]![0] as Uint8Array)).toEqual([2, 3]);
    const root = roundTrip(new Float64Array([4, 5]));
    expect(root).toBeInstanceOf(Float64Array);
    expect(Array.from(root as Float64Array)).toEqual([4, 5]);
  });

  it('round-trips empty typed arrays', () => {
    const back = roundTrip({ e: new Float32Array(0), f: new Uint8Array(0) }) as {
      e: Float32Array;
      f: Uint8Array;
    };
    expect(back.e).toBeInstanceOf(Float32Array);
    expect(back.e.length).toBe(0);
    expect(back.f.length).toBe(0);
  });

  it('sends only the bytes a subarray view covers', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const back = roundTrip({ s: big.subarray(1, 3) }) as { s: Float32Array };
    expect(Array.from(back.s)).toEqual([1, 2]);
  });

  it('starts every array 8-byte aligned and decodes in place when the frame is aligned', () => {
    const frame = encodeFrame({ a: new Uint8Array([1, 2, 3]), b: new Float64Array([7, 8]) });
    const { arrays } = headerOf(frame);
    expect(arrays.map((e) => e.byteOffset % 8)).toEqual([0, 0]);
    const back = decodeFrame(frame) as { b: Float64Array };
    expect(back.b.buffer).toBe(frame.buffer);
  });

  it('copies an array whose frame arrives at an unaligned offset', () => {
    const frame = encodeFrame({ b: new Float64Array([7, 8]) });
    const shifted = new Uint8Array(frame.length + 1);
    shifted.set(frame, 1);
    const back = decodeFrame(shifted.subarray(1)) as { b: Float64Array };
    expect(Array.from(back.b)).toEqual([7, 8]);
    expect(back.b.buffer).not.toBe(shifted.buffer);
  });

  it('describes each array by its JSON path in the header', () => {
    const frame = encodeFrame({ value: { scores: new Float32Array(3) } });
    const header = headerOf(frame);
    expect(header.body).toEqual({ value: { scores: null } });
    expect(header.arrays).toEqual([
      {
        path: ['value', 'scores'],
        type: 'Float32Array',
        byteOffset: expect.any(Number),
        length: 3,
      },
    ]);
  });

  it('writes the header as JSON.stringify writes {v, body, arrays}', () => {
    // The body is written once and the array table after it; the bytes must be the same.
    const value = {
      a: [1, { b: new Float64Array([1, 2]) }, undefined, 'é€😀'],
      c: { d: new Uint8Array(3), e: undefined, f: new Date(0) },
      g: [[new Int32Array(1)]],
    };
    for (const v of [value, undefined, null, 'x', [], new Float32Array(2)]) {
      const frame = encodeFrame(v);
      const length = new DataView(frame.buffer).getUint32(0, true);
      const text = new TextDecoder().decode(frame.subarray(4, 4 + length));
      const header = JSON.parse(text) as { v: number; body?: unknown; arrays: unknown[] };
      expect(text).toBe(JSON.stringify({ v: header.v, body: header.body, arrays: header.arrays }));
    }
    expect(headerOf(encodeFrame(value)).arrays.map((a) => a.path)).toEqual([
      ['a', 1, 'b'],
      ['c', 'd'],
      ['g', 0, 0],
    ]);
  });

  it('refuses typed arrays it does not carry', () => {
    expect(() => encodeFrame({ x: new Int16Array(2) })).toThrow(/Int16Array at x/);
  });

  it('rejects frames that are cut short or malformed', () => {
    const frame = encodeFrame({ s: new Float32Array([1, 2, 3]) });
    expect(() => decodeFrame(frame.subarray(0, frame.length - 4))).toThrow(FrameError);
    expect(() => decodeFrame(new Uint8Array(2))).toThrow(FrameError);
    expect(() => decodeFrame(frameWithHeader({ v: 99, body: null, arrays: [] }))).toThrow(
      /version/,
    );
  });

  it('rejects array paths that do not end at a placeholder or reach a prototype', () => {
    const entry = { type: 'Uint8Array', byteOffset: 0, length: 1 };
    const bad = [
      { v: 1, body: { a: 1 }, arrays: [{ ...entry, path: ['a'] }] },
      { v: 1, body: {}, arrays: [{ ...entry, path: ['__proto__', 'polluted'] }] },
      { v: 1, body: { a: null }, arrays: [{ ...entry, path: ['a', 'b'] }] },
      { v: 1, body: { a: null }, arrays: [{ ...entry, type: 'BigInt64Array', path: ['a'] }] },
      { v: 1, body: { a: null }, arrays: [{ ...entry, length: 1e9, path: ['a'] }] },
    ];
    for (const header of bad)
      expect(() => decodeFrame(frameWithHeader(header))).toThrow(FrameError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
