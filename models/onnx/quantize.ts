import { GraphBuilder, type NodeSpec, type TensorValue } from './graphBuilder.ts';

/**
 * Static int8 quantization of a converted CNN, in ONNX's QDQ form, which onnxruntime turns
 * into integer kernels (QLinearConv and the like) when it loads the model:
 *   - BatchNormalization after a Conv is folded into the Conv's weights and bias first;
 *   - Conv weights become int8, symmetric per output channel, behind a DequantizeLinear;
 *     biases int32 at the input scale × the weight scale;
 *   - every activation a Conv reads and every Relu, pool and Concat output is quantized to
 *     uint8 with the range calibration measured (QuantizeLinear → DequantizeLinear); a Conv
 *     output read only by a Relu is not (the Relu's range covers it, and onnxruntime fuses
 *     Conv + Relu + Q);
 *   - the classifier head (Flatten/Reshape, Gemm/MatMul) stays float, and so does a
 *     features output (convertCaffe's, a Flatten of the pool the head reads): it is computed
 *     from the pool's dequantized values.
 * Calibration runs the float model with the tensors to quantize as extra outputs
 * (`calibrationGraph`); its ranges come back to `quantizeGraph`.
 */

export type Range = { min: number; max: number };

/** Ops whose float outputs get a Q/DQ pair (their consumers then read integers). */
const QUANTIZED_OUTPUT_OPS = new Set(['Conv', 'Relu', 'MaxPool', 'AveragePool', 'Concat']);

interface Graph {
  nodes: NodeSpec[];
  initializers: Map<string, TensorValue>;
  input: { name: string; dims: readonly (number | string)[] };
  outputs: { name: string; dims: readonly (number | string)[] }[];
}

function graphOf(g: GraphBuilder): Graph {
  const c = g.contents();
  if (c.inputs.length !== 1) throw new Error('int8 quantization expects one graph input');
  return {
    nodes: [...c.nodes],
    initializers: new Map(c.initializers),
    input: c.inputs[0]!,
    outputs: [...c.outputs],
  };
}

/** The nodes that read each value. */
function readersOf(nodes: readonly NodeSpec[]): Map<string, NodeSpec[]> {
  const readers = new Map<string, NodeSpec[]>();
  for (const n of nodes) for (const i of n.inputs) readers.set(i, [...(readers.get(i) ?? []), n]);
  return readers;
}

/** Conv → BatchNormalization (the Conv's output read by nothing else) becomes one Conv. */
function foldBatchNorms(graph: Graph): Graph {
  const readers = readersOf(graph.nodes);
  const init = new Map(graph.initializers);
  const floats = (name: string) => init.get(name)!.data as Float32Array;
  const folded = new Set<NodeSpec>();
  const nodes: NodeSpec[] = [];
  for (const n of graph.nodes) {
    if (folded.has(n)) continue;
    const next = readers.get(n.outputs[0]!) ?? [];
    const bn = next[0];
    if (n.op !== 'Conv' || next.length !== 1 || bn?.op !== 'BatchNormalization') {
      nodes.push(n);
      continue;
    }
    const [, scaleName, shiftName, meanName, varName] = bn.inputs as string[];
    const eps = (bn.attributes.epsilon as { float: number } | undefined)?.float ?? 1e-5;
    const w = floats(n.inputs[1]!);
    const out = init.get(n.inputs[1]!)!.dims[0]!;
    const per = w.length / out;
    const [scale, shift, mean, variance] = [scaleName, shiftName, meanName, varName].map((x) =>
      floats(x!),
    ) as [Float32Array, Float32Array, Float32Array, Float32Array];
    const bias = n.inputs[2] ? floats(n.inputs[2]) : new Float32Array(out);
    const w2 = new Float32Array(w.length);
    const b2 = new Float32Array(out);
    for (let o = 0; o < out; o++) {
      const k = scale[o]! / Math.sqrt(variance[o]! + eps);
      for (let i = 0; i < per; i++) w2[o * per + i] = w[o * per + i]! * k;
      b2[o] = (bias[o]! - mean[o]!) * k + shift[o]!;
    }
    const wName = `${n.inputs[1]}_bnfolded`;
    const bName = `${n.inputs[1]}_bnfolded_bias`;
    init.set(wName, { ...init.get(n.inputs[1]!)!, data: w2 });
    init.set(bName, { dims: [out], type: 'float', data: b2 });
    nodes.push({ ...n, inputs: [n.inputs[0]!, wName, bName], outputs: [...bn.outputs] });
    folded.add(bn);
  }
  return { ...graph, nodes, initializers: init };
}

/** The tensors to quantize, in graph order: the input and the outputs of QUANTIZED_OUTPUT_OPS. */
function tensorsToQuantize(graph: Graph): string[] {
  const readers = readersOf(graph.nodes);
  const graphOutputs = new Set(graph.outputs.map((o) => o.name));
  const names = [graph.input.name];
  for (const n of graph.nodes) {
    if (!QUANTIZED_OUTPUT_OPS.has(n.op)) continue;
    const out = n.outputs[0]!;
    if (graphOutputs.has(out)) continue;
    const r = readers.get(out) ?? [];
    if (n.op === 'Conv' && r.length > 0 && r.every((x) => x.op === 'Relu')) continue;
    names.push(out);
  }
  return names;
}

/**
 * The float model (BN folded) with every tensor to quantize also a graph output, for
 * calibration; `tensors` names them (their ranks are those of the input: 4 for images).
 */
export function calibrationGraph(source: GraphBuilder): { bytes: Uint8Array; tensors: string[] } {
  const graph = foldBatchNorms(graphOf(source));
  const tensors = tensorsToQuantize(graph);
  const g = new GraphBuilder(`${source.name}_calibration`);
  g.input(graph.input.name, graph.input.dims);
  const used = new Set(graph.nodes.flatMap((n) => n.inputs)); // BN's folded weights go
  for (const [k, t] of graph.initializers) if (used.has(k)) g.initializer(k, t);
  for (const n of graph.nodes)
    g.nodeWithOutputs(n.op, n.inputs, n.outputs, n.attributes, n.options);
  for (const o of graph.outputs) g.output(o.name, o.dims);
  const rank = graph.input.dims.length;
  for (const t of tensors.slice(1))
    g.output(
      t,
      Array.from({ length: rank }, (_, i) => `d${i}`),
    );
  return { bytes: g.toBytes(), tensors };
}

/** uint8 asymmetric parameters for a range (which is widened to hold 0). */
function activationParams(r: Range): { scale: number; zeroPoint: number } {
  const min = Math.min(0, r.min);
  const max = Math.max(0, r.max, min + 1e-6);
  const scale = (max - min) / 255;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-min / scale))) };
}

/**
 * The QDQ model, given each tensor's calibrated range (calibrationGraph's `tensors`). One
 * pass in graph order: each quantized tensor's Q/DQ pair right after its producer (ONNX
 * wants nodes in topological order), its readers reading the dequantized value.
 */
export function quantizeGraph(
  source: GraphBuilder,
  ranges: ReadonlyMap<string, Range>,
): Uint8Array {
  const graph = foldBatchNorms(graphOf(source));
  const params = new Map<string, { scale: number; zeroPoint: number }>();
  for (const t of tensorsToQuantize(graph)) {
    const r = ranges.get(t);
    if (!r) throw new Error(`no calibrated range for ${t}`);
    params.set(t, activationParams(r));
  }
  const g = new GraphBuilder(`${source.name}_int8`);
  /** A tensor's dequantized name, once its Q/DQ nodes are added. */
  const dq = new Map<string, string>();
  const addQdq = (t: string) => {
    const p = params.get(t)!;
    const s = g.floats(`${t}_scale`, [p.scale], []);
    const z = g.initializer(`${t}_zero`, {
      dims: [],
      type: 'uint8',
      data: Uint8Array.of(p.zeroPoint),
    });
    const q = g.node('QuantizeLinear', [t, s, z], {}, `${t}_q`);
    dq.set(t, g.node('DequantizeLinear', [q, s, z], {}, `${t}_dq`));
  };
  const quantizedConv = (n: NodeSpec) => n.op === 'Conv' && params.has(n.inputs[0]!);
  // Float weights of quantized convolutions are replaced by their int8 versions.
  const used = new Set(graph.nodes.flatMap((n) => (quantizedConv(n) ? [] : n.inputs)));
  g.input(graph.input.name, graph.input.dims);
  for (const [k, t] of graph.initializers) if (used.has(k)) g.initializer(k, t);
  addQdq(graph.input.name);
  for (const n of graph.nodes) {
    const inputs = n.inputs.map((i) => dq.get(i) ?? i);
    if (quantizedConv(n)) {
      const inputScale = params.get(n.inputs[0]!)!.scale;
      const [wq, bq] = quantizeConvWeights(g, n, graph.initializers, inputScale);
      inputs[1] = wq;
      if (bq) inputs[2] = bq;
    }
    g.nodeWithOutputs(n.op, inputs, n.outputs, n.attributes, n.options);
    for (const out of n.outputs) if (params.has(out)) addQdq(out);
  }
  for (const o of graph.outputs) g.output(o.name, o.dims);
  return g.toBytes();
}

function quantizeConvWeights(
  g: GraphBuilder,
  n: NodeSpec,
  init: ReadonlyMap<string, TensorValue>,
  inputScale: number,
): [string, string | null] {
  const w = init.get(n.inputs[1]!)!;
  const data = w.data as Float32Array;
  const out = w.dims[0]!;
  const per = data.length / out;
  const scales = new Float32Array(out);
  const q = new Int8Array(data.length);
  for (let o = 0; o < out; o++) {
    let m = 0;
    for (let i = 0; i < per; i++) m = Math.max(m, Math.abs(data[o * per + i]!));
    const s = m > 0 ? m / 127 : 1;
    scales[o] = s;
    for (let i = 0; i < per; i++) q[o * per + i] = Math.round(data[o * per + i]! / s);
  }
  const base = n.inputs[1]!;
  const wq = g.initializer(`${base}_int8`, { dims: w.dims, type: 'int8', data: q });
  const ws = g.floats(`${base}_int8_scale`, scales);
  const wz = g.initializer(`${base}_int8_zero`, {
    dims: [out],
    type: 'int8',
    data: new Int8Array(out),
  });
  const wdq = g.node('DequantizeLinear', [wq, ws, wz], { axis: 0 }, `${base}_dq`);
  if (!n.inputs[2]) return [wdq, null];
  const bias = init.get(n.inputs[2])!.data as Float32Array;
  const bs = Float32Array.from(scales, (s) => s * inputScale);
  const bq = Int32Array.from(bias, (b, o) => Math.round(b / bs[o]!));
  const bqName = g.initializer(`${n.inputs[2]}_int32`, { dims: [out], type: 'int32', data: bq });
  const bsName = g.floats(`${n.inputs[2]}_int32_scale`, bs);
  const bz = g.initializer(`${n.inputs[2]}_int32_zero`, {
    dims: [out],
    type: 'int32',
    data: new Int32Array(out),
  });
  return [wdq, g.node('DequantizeLinear', [bqName, bsName, bz], { axis: 0 }, `${n.inputs[2]}_dq`)];
}
