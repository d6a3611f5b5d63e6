import { GraphBuilder } from '../../onnx/graphBuilder.ts';
import { readCaffemodel, type TrainedLayer } from './caffemodel.ts';
import { EMITTERS, WEIGHTED_TYPES } from './emitLayers.ts';
import { layerLabel, readNetDef, type CaffeNet, type LayerDef } from './netDef.ts';

export interface ConvertedModel {
  /** The ONNX ModelProto. */
  onnx: Uint8Array;
  /** The graph it was written from (models/onnx/quantize.ts rebuilds it as int8). */
  graph: GraphBuilder;
  /** Graph inputs and outputs with Caffe's blob names; dim 0 is the symbolic batch "N". */
  inputs: { name: string; dims: (number | string)[] }[];
  outputs: { name: string; dims: (number | string)[] }[];
  /** With `features`: the second output, the classifier's input flattened to [N, size]. */
  features?: { output: string; size: number };
  net: CaffeNet;
  warnings: string[];
}

export interface ConvertOptions {
  /**
   * Add the classifier's input as a second graph output, flattened to [N, size] and named
   * after its Caffe blob (TSN BNInception: `global_pool`, 1024 values): the features a head
   * can be trained on. The classifier is the InnerProduct computing the first output (an
   * in-place Dropout after it aside); the first output is computed as without this option.
   */
  features?: boolean;
}

/** A conversion failure; the message names the layer (name, type, prototxt line). */
export class CaffeConvertError extends Error {
  override name = 'CaffeConvertError';
}

/**
 * Converts a Caffe deploy net (prototxt text) and its trained weights (caffemodel bytes) to
 * an ONNX model (opset 17) that computes what Caffe's test-phase forward pass does.
 *
 * Names: graph inputs and outputs keep Caffe's blob names. Caffe rewrites blobs in place
 * (ReLU top == bottom); ONNX values are assigned once, so each blob's last definition gets
 * the Caffe name and earlier ones get `<blob>@<k>` names (SSA). Outputs are the blobs no
 * later layer consumes, as in Caffe; `options.features` adds one after them.
 */
export function convertCaffe(
  prototxt: string,
  caffemodel: Uint8Array,
  options: ConvertOptions = {},
): ConvertedModel {
  let net: CaffeNet;
  try {
    net = readNetDef(prototxt);
  } catch (err) {
    throw new CaffeConvertError(`deploy prototxt: ${(err as Error).message}`);
  }
  let trained: Map<string, TrainedLayer>;
  try {
    trained = readCaffemodel(caffemodel);
  } catch (err) {
    throw new CaffeConvertError(`caffemodel: ${(err as Error).message}`);
  }
  return convertNet(net, trained, options);
}

export function convertNet(
  net: CaffeNet,
  trained: Map<string, TrainedLayer>,
  options: ConvertOptions = {},
): ConvertedModel {
  const g = new GraphBuilder(net.name);
  const warnings: string[] = [];
  const caffeNames = new Set<string>([
    ...net.inputs.map((i) => i.name),
    ...net.layers.flatMap((l) => [...l.tops, ...l.bottoms]),
  ]);
  const classifier = options.features ? classifierOf(net) : undefined;
  // The features output takes the blob's Caffe name, so every definition of it gets an SSA name.
  const ssaNames = planValueNames(net, caffeNames, classifier?.layer.bottoms[0]);
  let feature: { value: string; size: number } | undefined;

  const current = new Map<string, string>(); // Caffe blob → ONNX value now holding it
  const shapes = new Map<string, number[]>();
  for (const input of net.inputs) {
    g.input(input.name, ['N', ...input.dims.slice(1)]);
    current.set(input.name, input.name);
    shapes.set(input.name, input.dims);
  }
  let unique = 0;
  const internal = new Set<string>();
  net.layers.forEach((layer, index) => {
    const fail = (message: string): never => {
      throw new CaffeConvertError(`${layerLabel(layer)}: ${message}`);
    };
    const emit = EMITTERS[layer.type];
    if (!emit) {
      fail(
        `unsupported layer type "${layer.type}" (supported: ${Object.keys(EMITTERS).join(', ')}, Input)`,
      );
    }
    const inputs = layer.bottoms.map(
      (b) => current.get(b) ?? fail(`bottom '${b}' is not produced by any earlier layer`),
    );
    const weights = trained.get(layer.name);
    if (WEIGHTED_TYPES.has(layer.type) && !weights) {
      fail(`no weights in the caffemodel (it has no layer named '${layer.name}')`);
    }
    if (weights && weights.type && weights.type !== layer.type && WEIGHTED_TYPES.has(layer.type)) {
      warnings.push(
        `${layerLabel(layer)}: the caffemodel's layer of this name is a ${weights.type}`,
      );
    }
    if (index === classifier?.index) {
      const size = shapes.get(layer.bottoms[0]!)!.slice(1);
      feature = { value: inputs[0]!, size: size.reduce((a, b) => a * b, 1) };
    }
    const tops = layer.tops.map((_, i) => ssaNames.get(`${index}:${i}`)!);
    let topShapes: number[][];
    try {
      topShapes = emit!({
        g,
        layer,
        inputs,
        shapes: layer.bottoms.map((b) => shapes.get(b)!),
        blobs: weights?.blobs,
        tops,
        name: (suffix) => {
          let n = `${layer.name}::${suffix}`;
          while (caffeNames.has(n) || internal.has(n)) n = `${layer.name}::${suffix}_${unique++}`;
          internal.add(n);
          return n;
        },
        warn: (m) => warnings.push(m),
      });
    } catch (err) {
      if (err instanceof CaffeConvertError) throw err;
      return fail((err as Error).message);
    }
    layer.tops.forEach((top, i) => {
      current.set(top, tops[i]!);
      shapes.set(top, topShapes[i]!);
    });
  });

  const outputs = netOutputs(net).map((name) => ({
    name,
    dims: ['N', ...shapes.get(name)!.slice(1)] as (number | string)[],
  }));
  let features: ConvertedModel['features'];
  if (classifier && feature) {
    const blob = classifier.layer.bottoms[0]!;
    g.node('Flatten', [feature.value], { axis: 1 }, blob);
    outputs.push({ name: blob, dims: ['N', feature.size] });
    features = { output: blob, size: feature.size };
  }
  for (const o of outputs) g.output(o.name, o.dims);
  return {
    onnx: g.toBytes({
      docString: `converted from Caffe by actionline convert caffe (${net.name})`,
    }),
    inputs: net.inputs.map((i) => ({ name: i.name, dims: ['N', ...i.dims.slice(1)] })),
    outputs,
    ...(features ? { features } : {}),
    net,
    warnings,
    graph: g,
  };
}

/**
 * ONNX names for every (layer, top): the last definition of a blob keeps the Caffe name,
 * earlier ones (overwritten in place later) get a fresh name. A graph input keeps its name,
 * so a layer writing in place into an input always gets a fresh one; so does `reserved`
 * (the features output's name).
 */
function planValueNames(net: CaffeNet, taken: Set<string>, reserved?: string): Map<string, string> {
  const lastDef = new Map<string, string>();
  net.layers.forEach((l, i) => l.tops.forEach((t, k) => lastDef.set(t, `${i}:${k}`)));
  const inputs = new Set(net.inputs.map((i) => i.name));
  if (reserved !== undefined) inputs.add(reserved);
  const names = new Map<string, string>();
  const used = new Set(taken);
  const version = new Map<string, number>();
  net.layers.forEach((l: LayerDef, i) =>
    l.tops.forEach((t, k) => {
      const key = `${i}:${k}`;
      if (lastDef.get(t) === key && !inputs.has(t)) {
        names.set(key, t);
        return;
      }
      let v = version.get(t) ?? 0;
      let n: string;
      do n = `${t}@${++v}`;
      while (used.has(n));
      version.set(t, v);
      used.add(n);
      names.set(key, n);
    }),
  );
  return names;
}

/**
 * The layer computing the net's first output: an InnerProduct reading one blob other than a
 * net input (Dropout, an identity at test time, may rewrite its output in place).
 */
function classifierOf(net: CaffeNet): { layer: LayerDef; index: number } {
  const logits = netOutputs(net)[0];
  const fail = (message: string): never => {
    throw new CaffeConvertError(`features: ${message}`);
  };
  for (let index = net.layers.length - 1; index >= 0; index--) {
    const layer = net.layers[index]!;
    if (!layer.tops.includes(logits!)) continue;
    if (layer.type === 'Dropout' && layer.bottoms[0] === logits) continue;
    if (layer.type !== 'InnerProduct') {
      fail(`the net's output '${logits}' comes from ${layerLabel(layer)}, not an InnerProduct`);
    }
    const blob = layer.bottoms[0]!;
    if (net.inputs.some((i) => i.name === blob)) {
      fail(`the classifier ${layerLabel(layer)} reads the net input '${blob}'`);
    }
    return { layer, index };
  }
  return fail('the net has no output');
}

/** Caffe's net outputs: blobs produced and not consumed by any later layer, in order. */
function netOutputs(net: CaffeNet): string[] {
  const available: string[] = [];
  for (const l of net.layers) {
    for (const b of l.bottoms) {
      const at = available.indexOf(b);
      if (at >= 0) available.splice(at, 1);
    }
    for (const t of l.tops) if (!available.includes(t)) available.push(t);
  }
  return available;
}
