import { describe, expect, it } from 'vitest';
import { readNetDef } from '../../../../models/convert/caffe/netDef.ts';
import { parsePrototxt, TextMessage } from '../../../../models/convert/caffe/prototxt.ts';

describe('parsePrototxt', () => {
  it('reads scalars, nested messages in every bracket style, lists, comments and escapes', () => {
    const m = parsePrototxt(`
      name: "a\\"b\\tc" # comment "not a string"
      n: -3 f: 1.5e-3 big: 0x10 e: MAX b: true
      one { x: 1 } two: { x: 2 } three < x: 3 >;
      list: [1, 2, 3] msgs: [{ x: 4 }, { x: 5 }]
      joined: "ab" 'cd'
      rep: 1 rep: 2
    `);
    expect(m.string('name')).toBe('a"b\tc');
    expect(m.number('n')).toBe(-3);
    expect(m.number('f')).toBe(1.5e-3);
    expect(m.number('big')).toBe(16);
    expect(m.string('e')).toBe('MAX');
    expect(m.all('e')[0]).toEqual({ kind: 'ident', text: 'MAX' });
    expect(m.bool('b')).toBe(true);
    expect(['one', 'two', 'three'].map((k) => m.message(k)?.number('x'))).toEqual([1, 2, 3]);
    expect(m.numbers('list')).toEqual([1, 2, 3]);
    expect(m.messages('msgs').map((x) => x.number('x'))).toEqual([4, 5]);
    expect(m.string('joined')).toBe('abcd');
    expect(m.numbers('rep')).toEqual([1, 2]);
    expect(m.number('rep')).toBe(2);
    expect(m.message('missing')).toBeUndefined();
    expect(new TextMessage().string('x')).toBeUndefined();
  });

  it('reports the line of a syntax error', () => {
    expect(() => parsePrototxt('a: 1\nlayer {\n  name "x"\n}')).toThrow(
      /line 3: expected ":" after "name"/,
    );
    expect(() => parsePrototxt('layer { name: "x"')).toThrow(/missing "}"/);
    expect(() => parsePrototxt('name: "open')).toThrow(/line 1: unterminated string/);
  });
});

describe('readNetDef', () => {
  it('reads legacy inputs, V1 enum layer types and skips TRAIN-only layers', () => {
    const net = readNetDef(`
      name: "old"
      input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8
      layers { name: "conv1" type: CONVOLUTION bottom: "data" top: "conv1" }
      layers { name: "relu1" type: RELU bottom: "conv1" top: "conv1" }
      layer { name: "acc" type: "Accuracy" bottom: "conv1" top: "acc" include { phase: TRAIN } }
    `);
    expect(net.inputs).toEqual([{ name: 'data', dims: [1, 3, 8, 8] }]);
    expect(net.layers.map((l) => [l.name, l.type, l.line])).toEqual([
      ['conv1', 'Convolution', 4],
      ['relu1', 'ReLU', 5],
    ]);
  });

  it('reads input_shape and Input layers, and rejects a net without input', () => {
    expect(readNetDef('input: "x" input_shape { dim: 2 dim: 5 }').inputs).toEqual([
      { name: 'x', dims: [2, 5] },
    ]);
    const net = readNetDef(
      'layer { name: "in" type: "Input" top: "data" input_param { shape { dim: 1 dim: 10 dim: 4 dim: 4 } } }',
    );
    expect(net.inputs).toEqual([{ name: 'data', dims: [1, 10, 4, 4] }]);
    expect(net.layers).toEqual([]);
    expect(() => readNetDef('layer { name: "a" type: "ReLU" }')).toThrow(/no input/);
    expect(() => readNetDef('input: "x" input_dim: 1 input_dim: 3')).toThrow(/input_dim/);
  });
});
