import { V1_LAYER_TYPES } from './caffeFields.ts';
import { parsePrototxt, type TextMessage } from './prototxt.ts';

/** A deploy net as the converter needs it: inputs with their shapes and layers in order. */
export interface NetInput {
  name: string;
  dims: number[];
}

export interface LayerDef {
  name: string;
  type: string;
  bottoms: string[];
  tops: string[];
  /** The layer's text message, to read its *_param from. */
  params: TextMessage;
  /** Line of the layer in the prototxt, for error messages. */
  line: number;
}

export interface CaffeNet {
  name: string;
  inputs: NetInput[];
  layers: LayerDef[];
}

/** "layer 'conv1' (Convolution, line 12)": how every error names a layer. */
export function layerLabel(l: LayerDef): string {
  return `layer '${l.name}' (${l.type}, line ${l.line})`;
}

/**
 * Reads a deploy prototxt: the legacy `input:` + `input_dim` / `input_shape` form, `Input`
 * layers (their tops become graph inputs), V2 `layer` and V1 `layers` (enum types mapped to
 * V2 names). Layers for the TRAIN phase only (include/exclude rules) are left out.
 */
export function readNetDef(text: string): CaffeNet {
  const root = parsePrototxt(text);
  const inputs: NetInput[] = [];
  const names = root.strings('input');
  const inputDims = root.numbers('input_dim');
  const inputShapes = root.messages('input_shape');
  if (names.length > 0) {
    if (inputShapes.length === names.length) {
      names.forEach((name, i) => inputs.push({ name, dims: inputShapes[i]!.numbers('dim') }));
    } else if (inputDims.length === 4 * names.length) {
      names.forEach((name, i) => inputs.push({ name, dims: inputDims.slice(4 * i, 4 * i + 4) }));
    } else {
      throw new Error(
        `net inputs: ${names.length} input(s) need ${4 * names.length} input_dim or ` +
          `${names.length} input_shape, got ${inputDims.length} input_dim and ${inputShapes.length} input_shape`,
      );
    }
  }

  const layers: LayerDef[] = [];
  const v2 = root.fields.filter((f) => f.name === 'layer');
  const v1 = root.fields.filter((f) => f.name === 'layers');
  for (const { value, line } of [...v2, ...v1].sort((a, b) => a.line - b.line)) {
    const msg = value as TextMessage;
    const rawType = msg.string('type') ?? '';
    const isV1 = v1.some((f) => f.value === value);
    const type = isV1 ? (V1_LAYER_TYPES[rawType]?.type ?? rawType) : rawType;
    const layer: LayerDef = {
      name: msg.string('name') ?? `(unnamed, line ${line})`,
      type,
      bottoms: msg.strings('bottom'),
      tops: msg.strings('top'),
      params: msg,
      line,
    };
    if (!inTestPhase(msg)) continue;
    if (type === 'Input') {
      const shapes = msg.message('input_param')?.messages('shape') ?? [];
      layer.tops.forEach((top, i) => {
        const shape = shapes[i] ?? shapes[0];
        if (!shape) throw new Error(`${layerLabel(layer)}: input_param has no shape for '${top}'`);
        inputs.push({ name: top, dims: shape.numbers('dim') });
      });
      continue;
    }
    layers.push(layer);
  }
  if (inputs.length === 0) {
    throw new Error(
      'the net has no input (expected input/input_dim, input_shape or an Input layer)',
    );
  }
  for (const input of inputs) {
    if (input.dims.length < 2 || input.dims.some((d) => !(Number.isInteger(d) && d > 0))) {
      throw new Error(`input '${input.name}': bad shape [${input.dims.join(', ')}]`);
    }
  }
  return { name: root.string('name') ?? 'caffe', inputs, layers };
}

/** Caffe's NetStateRule for the TEST phase: include phase TEST (or none), no exclude TEST. */
function inTestPhase(layer: TextMessage): boolean {
  const includes = layer.messages('include');
  const excludes = layer.messages('exclude');
  if (excludes.some((r) => r.string('phase') === 'TEST')) return false;
  if (includes.length === 0) return true;
  return includes.some((r) => (r.string('phase') ?? 'TEST') === 'TEST');
}
