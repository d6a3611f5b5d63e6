import {
  AttributeField,
  AttributeType,
  DataType,
  DimensionField,
  GraphField,
  ModelField,
  NodeField,
  OperatorSetIdField,
  TensorField,
  TensorShapeField,
  TensorTypeField,
  TypeField,
  ValueInfoField,
} from './onnxFields.ts';
import { ProtoWriter } from './protobufWriter.ts';

/** A dimension: a fixed size, or a symbolic name such as the batch "N". */
export type Dim = number | string;
export type ElemType = 'float' | 'int64' | 'int32' | 'uint8' | 'int8' | 'bool';

export interface TensorValue {
  dims: readonly number[];
  type: ElemType;
  /** Row-major elements; 'bool' is one byte per element. */
  data: Float32Array | BigInt64Array | Int32Array | Uint8Array | Int8Array;
}

/**
 * Node attributes. A plain number is an INT (an integer is required, so a float attribute
 * cannot silently become an int); floats are tagged `{ float }` / `{ floats }`.
 */
export type AttributeValue =
  | number
  | string
  | readonly number[]
  | { float: number }
  | { floats: readonly number[] }
  | { strings: readonly string[] }
  | { tensor: TensorValue }
  /** A subgraph (Loop/If/Scan body); it may use values of the graphs around it. */
  | { graph: GraphBuilder };

export interface NodeOptions {
  /** Node name (defaults to the first output's name). */
  name?: string;
  /** Operator domain; '' is the default ONNX domain. */
  domain?: string;
}

export interface ModelOptions {
  opsetVersion?: number;
  irVersion?: number;
  docString?: string;
}

export interface NodeSpec {
  op: string;
  inputs: readonly string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
  options: NodeOptions;
}

export interface ValueSpec {
  name: string;
  dims: readonly Dim[];
  type: ElemType;
}

const ELEM_TYPE: Record<ElemType, number> = {
  float: DataType.FLOAT,
  int64: DataType.INT64,
  int32: DataType.INT32,
  uint8: DataType.UINT8,
  int8: DataType.INT8,
  bool: DataType.BOOL,
};

/**
 * Builds an ONNX ModelProto (default opset 17, IR version 8): graph inputs and outputs with
 * symbolic dimensions, nodes, and initializers stored as raw little-endian data. Names are
 * checked when the model is written, so a wiring mistake fails here rather than in onnxruntime.
 */
export class GraphBuilder {
  readonly name: string;
  readonly #nodes: NodeSpec[] = [];
  readonly #initializers = new Map<string, TensorValue>();
  readonly #inputs: ValueSpec[] = [];
  readonly #outputs: ValueSpec[] = [];
  readonly #taken = new Set<string>();
  #counter = 0;

  readonly #valuePrefix: string;

  /**
   * `valuePrefix` starts every generated value name: a subgraph needs one, because ONNX
   * forbids a subgraph to reuse a name of the graphs around it.
   */
  constructor(name: string, options: { valuePrefix?: string } = {}) {
    this.name = name;
    this.#valuePrefix = options.valuePrefix ?? '';
  }

  /** A name no value of this graph uses yet. */
  fresh(prefix: string): string {
    let name: string;
    do name = `${this.#valuePrefix}${prefix}_${this.#counter++}`;
    while (this.#taken.has(name));
    return name;
  }

  #claim(name: string): string {
    if (this.#taken.has(name)) throw new Error(`${this.name}: value '${name}' is defined twice`);
    this.#taken.add(name);
    return name;
  }

  input(name: string, dims: readonly Dim[], type: ElemType = 'float'): string {
    this.#inputs.push({ name: this.#claim(name), dims, type });
    return name;
  }

  /** Declares a graph output; `name` must be produced by a node (checked in toBytes). */
  output(name: string, dims: readonly Dim[], type: ElemType = 'float'): void {
    this.#outputs.push({ name, dims, type });
  }

  /** Adds a node with one output; returns that output's name (given or generated). */
  node(
    op: string,
    inputs: readonly string[],
    attributes: Record<string, AttributeValue> = {},
    output?: string,
    options: NodeOptions = {},
  ): string {
    return this.nodeWithOutputs(
      op,
      inputs,
      [output ?? this.fresh(op.toLowerCase())],
      attributes,
      options,
    )[0]!;
  }

  /** Adds a node with several outputs (e.g. Split): a count generates names. */
  nodeWithOutputs(
    op: string,
    inputs: readonly string[],
    outputs: number | readonly string[],
    attributes: Record<string, AttributeValue> = {},
    options: NodeOptions = {},
  ): string[] {
    const names =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, () => this.fresh(op.toLowerCase()))
        : [...outputs];
    for (const n of names) this.#claim(n);
    for (const [key, value] of Object.entries(attributes)) checkAttribute(op, key, value);
    this.#nodes.push({ op, inputs, outputs: names, attributes, options });
    return names;
  }

  /** Adds a constant tensor (an initializer); returns its name. */
  initializer(name: string, tensor: TensorValue): string {
    const count = tensor.dims.reduce((a, b) => a * b, 1);
    if (tensor.data.length !== count) {
      throw new Error(
        `${this.name}: initializer '${name}' has ${tensor.data.length} values for dims [${tensor.dims}]`,
      );
    }
    this.#initializers.set(this.#claim(name), tensor);
    return name;
  }

  /** A float constant; dims default to a 1-D tensor of the values (use [] for a scalar). */
  floats(
    name: string,
    values: ArrayLike<number>,
    dims: readonly number[] = [values.length],
  ): string {
    return this.initializer(name, { dims, type: 'float', data: Float32Array.from(values) });
  }

  /** An int64 constant (shapes, axes, slice bounds); 1-D unless dims say otherwise. */
  int64s(
    name: string,
    values: readonly number[],
    dims: readonly number[] = [values.length],
  ): string {
    return this.initializer(name, {
      dims,
      type: 'int64',
      data: BigInt64Array.from(values, BigInt),
    });
  }

  /** What has been built so far, for transforms that rebuild a graph (models/onnx/quantize.ts). */
  contents(): {
    nodes: readonly NodeSpec[];
    initializers: ReadonlyMap<string, TensorValue>;
    inputs: readonly ValueSpec[];
    outputs: readonly ValueSpec[];
  } {
    return {
      nodes: this.#nodes,
      initializers: this.#initializers,
      inputs: this.#inputs,
      outputs: this.#outputs,
    };
  }

  toBytes(options: ModelOptions = {}): Uint8Array {
    const model = new ProtoWriter();
    model.int(ModelField.irVersion, options.irVersion ?? 8);
    model.string(ModelField.producerName, 'actionline');
    if (options.docString) model.string(ModelField.docString, options.docString);
    model.message(ModelField.opsetImport, (w) =>
      w
        .string(OperatorSetIdField.domain, '')
        .int(OperatorSetIdField.version, options.opsetVersion ?? 17),
    );
    model.message(ModelField.graph, (g) => this.writeGraph(g, new Set()));
    return model.finish();
  }

  /**
   * Writes this graph's GraphProto fields into `g`. `outerScope`: the names a subgraph may
   * use from the graphs around it (empty for the main graph).
   */
  writeGraph(g: ProtoWriter, outerScope: ReadonlySet<string>): void {
    const scope = this.#checkWiring(outerScope);
    for (const n of this.#nodes) g.message(GraphField.node, (w) => writeNode(w, n, scope));
    g.string(GraphField.name, this.name);
    for (const [name, t] of this.#initializers)
      g.message(GraphField.initializer, (w) => writeTensor(w, name, t));
    for (const v of this.#inputs) g.message(GraphField.input, (w) => writeValueInfo(w, v));
    for (const v of this.#outputs) g.message(GraphField.output, (w) => writeValueInfo(w, v));
  }

  /**
   * Every node input must be defined before use (ONNX requires topological order), here or
   * in an enclosing graph. Returns every name visible to this graph's subgraphs.
   */
  #checkWiring(outerScope: ReadonlySet<string>): Set<string> {
    const defined = new Set<string>([
      ...outerScope,
      ...this.#inputs.map((i) => i.name),
      ...this.#initializers.keys(),
    ]);
    for (const n of this.#nodes) {
      for (const i of n.inputs) {
        if (i !== '' && !defined.has(i)) {
          throw new Error(
            `${this.name}: ${n.op} node '${n.outputs[0]}' uses '${i}' before it is defined`,
          );
        }
      }
      for (const o of n.outputs) defined.add(o);
    }
    for (const o of this.#outputs) {
      if (!defined.has(o.name))
        throw new Error(`${this.name}: output '${o.name}' is never produced`);
    }
    return defined;
  }
}

function checkAttribute(op: string, key: string, value: AttributeValue): void {
  const ints = typeof value === 'number' ? [value] : Array.isArray(value) ? value : [];
  if (ints.some((v) => !Number.isInteger(v))) {
    throw new Error(
      `${op}.${key}: a plain number is an INT attribute; write { float: … } for floats`,
    );
  }
}

function writeNode(w: ProtoWriter, n: NodeSpec, scope: ReadonlySet<string>): void {
  for (const i of n.inputs) w.string(NodeField.input, i);
  for (const o of n.outputs) w.string(NodeField.output, o);
  w.string(NodeField.name, n.options.name ?? n.outputs[0]!);
  w.string(NodeField.opType, n.op);
  if (n.options.domain) w.string(NodeField.domain, n.options.domain);
  for (const [name, value] of Object.entries(n.attributes)) {
    w.message(NodeField.attribute, (a) =>
      writeAttribute(a.string(AttributeField.name, name), value, scope),
    );
  }
}

// Array.isArray does not narrow readonly arrays.
function isIntList(value: AttributeValue): value is readonly number[] {
  return Array.isArray(value);
}

function writeAttribute(a: ProtoWriter, value: AttributeValue, scope: ReadonlySet<string>): void {
  if (typeof value === 'number') {
    a.int(AttributeField.i, value).int(AttributeField.type, AttributeType.INT);
  } else if (typeof value === 'string') {
    a.string(AttributeField.s, value).int(AttributeField.type, AttributeType.STRING);
  } else if (isIntList(value)) {
    a.packedInts(AttributeField.ints, value).int(AttributeField.type, AttributeType.INTS);
  } else if ('float' in value) {
    a.float(AttributeField.f, value.float).int(AttributeField.type, AttributeType.FLOAT);
  } else if ('floats' in value) {
    a.packedFloats(AttributeField.floats, value.floats).int(
      AttributeField.type,
      AttributeType.FLOATS,
    );
  } else if ('strings' in value) {
    for (const s of value.strings) a.string(AttributeField.strings, s);
    a.int(AttributeField.type, AttributeType.STRINGS);
  } else if ('graph' in value) {
    a.message(AttributeField.g, (g) => value.graph.writeGraph(g, scope));
    a.int(AttributeField.type, AttributeType.GRAPH);
  } else {
    a.message(AttributeField.t, (t) => writeTensor(t, '', value.tensor));
    a.int(AttributeField.type, AttributeType.TENSOR);
  }
}

function writeTensor(w: ProtoWriter, name: string, t: TensorValue): void {
  for (const d of t.dims) w.int(TensorField.dims, d);
  w.int(TensorField.dataType, ELEM_TYPE[t.type]);
  if (name) w.string(TensorField.name, name);
  // raw_data is little-endian; typed arrays are too on every platform Actionline ships for.
  w.bytes(TensorField.rawData, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
}

function writeValueInfo(w: ProtoWriter, v: ValueSpec): void {
  w.string(ValueInfoField.name, v.name);
  w.message(ValueInfoField.type, (type) =>
    type.message(TypeField.tensorType, (tensor) => {
      tensor.int(TensorTypeField.elemType, ELEM_TYPE[v.type]);
      tensor.message(TensorTypeField.shape, (shape) => {
        for (const d of v.dims) {
          shape.message(TensorShapeField.dim, (dim) =>
            typeof d === 'number'
              ? dim.int(DimensionField.dimValue, d)
              : dim.string(DimensionField.dimParam, d),
          );
        }
      });
    }),
  );
}
