import { ProtoWriter } from './protobufWriter.ts';

/**
 * Builds ONNX models (field numbers from onnx.proto): nodes, float/int64 initializers and
 * float inputs/outputs whose dimensions may be symbolic (e.g. the batch "N").
 */
export type Dim = number | string;
export type AttributeValue = number | string | number[] | { float: number };

const FLOAT = 1;
const INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_INTS = 7;

interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}

interface TensorSpec {
  name: string;
  dims: number[];
  type: number;
  raw: Uint8Array;
}

export class GraphBuilder {
  readonly #nodes: NodeSpec[] = [];
  readonly #initializers: TensorSpec[] = [];
  readonly #inputs: { name: string; dims: Dim[] }[] = [];
  readonly #outputs: { name: string; dims: Dim[] }[] = [];
  #counter = 0;

  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  input(name: string, dims: Dim[]): string {
    this.#inputs.push({ name, dims });
    return name;
  }

  output(name: string, dims: Dim[]): void {
    this.#outputs.push({ name, dims });
  }

  /** Adds a node; returns its (first) output name. */
  node(op: string, inputs: string[], attributes: Record<string, AttributeValue> = {}, output?: string): string {
    const out = output ?? `${op.toLowerCase()}_${this.#counter++}`;
    this.#nodes.push({ op, inputs, outputs: [out], attributes });
    return out;
  }

  floatConst(name: string, dims: number[], values: ArrayLike<number>): string {
    const data = Float32Array.from(values);
    this.#initializers.push({ name, dims, type: FLOAT, raw: new Uint8Array(data.buffer) });
    return name;
  }

  int64Const(name: string, values: number[]): string {
    const data = BigInt64Array.from(values.map(BigInt));
    this.#initializers.push({ name, dims: [values.length], type: INT64, raw: new Uint8Array(data.buffer) });
    return name;
  }

  toBytes(opsetVersion = 17): Uint8Array {
    const model = new ProtoWriter();
    model.int(1, 8); // ir_version
    model.string(2, 'actionline');
    model.message(8, (w) => w.string(1, '').int(2, opsetVersion));
    model.message(7, (g) => {
      for (const n of this.#nodes) g.message(1, (w) => writeNode(w, n));
      g.string(2, this.name);
      for (const t of this.#initializers) g.message(5, (w) => writeTensor(w, t));
      for (const v of this.#inputs) g.message(11, (w) => writeValueInfo(w, v.name, v.dims));
      for (const v of this.#outputs) g.message(12, (w) => writeValueInfo(w, v.name, v.dims));
    });
    return model.finish();
  }
}

function writeNode(w: ProtoWriter, n: NodeSpec): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.outputs[0]!);
  w.string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes)) {
    w.message(5, (a) => {
      a.string(1, name);
      if (Array.isArray(value)) {
        for (const v of value) a.int(8, v);
        a.int(20, ATTR_INTS);
      } else if (typeof value === 'string') {
        a.string(4, value).int(20, ATTR_STRING);
      } else if (typeof value === 'object') {
        a.float(2, value.float).int(20, ATTR_FLOAT);
      } else {
        a.int(3, value).int(20, ATTR_INT);
      }
    });
  }
}

function writeTensor(w: ProtoWriter, t: TensorSpec): void {
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.type);
  w.string(8, t.name);
  w.bytes(9, t.raw);
}

function writeValueInfo(w: ProtoWriter, name: string, dims: Dim[]): void {
  w.string(1, name);
  w.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (shape) => {
        for (const d of dims) {
          shape.message(1, (dim) => (typeof d === 'number' ? dim.int(1, d) : dim.string(2, d)));
        }
      });
    }),
  );
}
