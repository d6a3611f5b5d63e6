import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../../models/onnx/graphBuilder.ts';

// The subset of onnx.proto (github.com/onnx/onnx, onnx/onnx.proto) the builder writes,
// retyped from the official file so the bytes are read back by an independent decoder.
const ONNX_SUBSET = `
syntax = "proto2";
message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
}
message OperatorSetIdProto { optional string domain = 1; optional int64 version = 2; }
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
}
message AttributeProto {
  optional string name = 1;
  optional int32 type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
}
message TensorProto {
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message ValueInfoProto { optional string name = 1; optional TypeProto type = 2; }
message TypeProto {
  message Tensor { optional int32 elem_type = 1; optional TensorShapeProto shape = 2; }
  optional Tensor tensor_type = 1;
}
message TensorShapeProto {
  message Dimension { optional int64 dim_value = 1; optional string dim_param = 2; }
  repeated Dimension dim = 1;
}
`;
const ModelProto = protobuf.parse(ONNX_SUBSET).root.lookupType('ModelProto');

interface Decoded {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  graph: {
    name: string;
    node: {
      input: string[];
      output: string[];
      opType: string;
      attribute: Record<string, unknown>[];
    }[];
    initializer: { name: string; dims: number[]; dataType: number; rawData: Uint8Array }[];
    input: {
      name: string;
      type: { tensorType: { elemType: number; shape: { dim: Record<string, unknown>[] } } };
    }[];
    output: { name: string }[];
  };
}

function decode(bytes: Uint8Array): Decoded {
  const message = ModelProto.decode(bytes);
  return ModelProto.toObject(message, { longs: Number, defaults: false, arrays: true }) as Decoded;
}

function smallGraph(): GraphBuilder {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', ['N', 3, 4, 4]);
  const w = g.floats('w', [1, 2, 3, 4, 5, 6], [2, 3, 1, 1]);
  const y = g.node('Conv', [x, w], { kernel_shape: [1, 1], pads: [0, 0, 0, 0], group: 1 });
  const z = g.node('LeakyRelu', [y], { alpha: { float: 0.25 } }, 'z');
  g.node('Identity', [z], {}, 'out');
  g.output('out', ['N', 2, 4, 4]);
  return g;
}

describe('GraphBuilder', () => {
  it('writes IR version 8, opset 17 and the producer', () => {
    const m = decode(smallGraph().toBytes());
    expect(m.irVersion).toBe(8);
    expect(m.opsetImport).toEqual([{ domain: '', version: 17 }]);
    expect(m.producerName).toBe('actionline');
    expect(m.graph.name).toBe('tiny');
  });

  it('writes inputs with a symbolic batch dimension and fixed ones', () => {
    const m = decode(smallGraph().toBytes());
    const input = m.graph.input[0]!;
    expect(input.name).toBe('x');
    expect(input.type.tensorType.elemType).toBe(1); // FLOAT
    expect(input.type.tensorType.shape.dim).toEqual([
      { dimParam: 'N' },
      { dimValue: 3 },
      { dimValue: 4 },
      { dimValue: 4 },
    ]);
    expect(m.graph.output.map((o) => o.name)).toEqual(['out']);
  });

  it('writes nodes in order with typed attributes', () => {
    const m = decode(smallGraph().toBytes());
    expect(m.graph.node.map((n) => n.opType)).toEqual(['Conv', 'LeakyRelu', 'Identity']);
    const conv = m.graph.node[0]!;
    expect(conv.input).toEqual(['x', 'w']);
    const attrs = Object.fromEntries(conv.attribute.map((a) => [a.name, a]));
    expect(attrs.kernel_shape).toMatchObject({ type: 7, ints: [1, 1] }); // INTS
    expect(attrs.group).toMatchObject({ type: 2, i: 1 }); // INT
    const alpha = m.graph.node[1]!.attribute[0]!;
    expect(alpha).toMatchObject({ name: 'alpha', type: 1, f: 0.25 }); // FLOAT
  });

  it('stores float initializers as little-endian raw data', () => {
    const m = decode(smallGraph().toBytes());
    const w = m.graph.initializer[0]!;
    expect(w).toMatchObject({ name: 'w', dims: [2, 3, 1, 1], dataType: 1 });
    const raw = w.rawData;
    expect(Array.from(new Float32Array(raw.slice().buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('writes int64 constants, string, float-list and multi-output nodes', () => {
    const g = new GraphBuilder('misc');
    const x = g.input('x', ['N', 6]);
    const parts = g.nodeWithOutputs('Split', [x, g.int64s('sizes', [2, 4])], 2, { axis: 1 });
    g.node('Concat', [parts[1]!, parts[0]!], { axis: 1 }, 'y');
    g.node('Identity', ['y'], { note: 'hello', scales: { floats: [0.5, 2] } }, 'out');
    g.output('out', ['N', 6]);
    const m = decode(g.toBytes());
    expect(m.graph.initializer[0]).toMatchObject({ name: 'sizes', dims: [2], dataType: 7 });
    expect(Array.from(new BigInt64Array(m.graph.initializer[0]!.rawData.slice().buffer))).toEqual([
      2n,
      4n,
    ]);
    expect(m.graph.node[0]!.output).toHaveLength(2);
    const attrs = Object.fromEntries(m.graph.node[2]!.attribute.map((a) => [a.name, a]));
    expect(attrs.note).toMatchObject({ type: 3 });
    expect(Buffer.from(attrs.note!.s as Uint8Array).toString()).toBe('hello');
    expect(attrs.scales).toMatchObject({ type: 6, floats: [0.5, 2] });
  });

  it('refuses wiring mistakes before writing', () => {
    const g = new GraphBuilder('bad');
    g.input('x', ['N']);
    g.node('Relu', ['nowhere'], {}, 'y');
    g.output('y', ['N']);
    expect(() => g.toBytes()).toThrow(/uses 'nowhere' before it is defined/);

    const h = new GraphBuilder('unproduced');
    h.input('x', ['N']);
    h.output('missing', ['N']);
    expect(() => h.toBytes()).toThrow(/output 'missing' is never produced/);

    const d = new GraphBuilder('dup');
    d.input('x', ['N']);
    expect(() => d.floats('x', [1])).toThrow(/defined twice/);
  });

  it('refuses a fractional number as an INT attribute and a wrong initializer size', () => {
    const g = new GraphBuilder('attrs');
    const x = g.input('x', ['N']);
    expect(() => g.node('LeakyRelu', [x], { alpha: 0.1 })).toThrow(/\{ float: … \}/);
    expect(() => g.floats('w', [1, 2, 3], [2, 2])).toThrow(/3 values for dims \[2,2\]/);
  });
});
