/**
 * The independent reference run of a whole TSN deploy net: the prototxt read by a small
 * tokenizer written here (not the converter's parser), the weights decoded by protobufjs
 * (not the converter's reader), the layers run by the plain-loop Caffe forward pass
 * (caffeReference.ts). Its outputs on fixed seeded inputs are stored once in
 * test/fixtures/tsn/tsnDeployReference.json (test/crosscheck/makeTsnReference.ts), with the
 * SHA-256 of those inputs, and tsnDeploy.test.ts compares the converted ONNX model with them.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../../../../shared/random/seededRandom.ts';
import { NetParameter } from './caffeNets.ts';
import { forwardLayer, type BlobData, type LayerSpec, type Tensor } from './caffeReference.ts';

/** Items per reference batch, and the seed of their values (uniform in [−2, 2)). */
export const REFERENCE_BATCH = 2;
const INPUT_SEED = 15;

/** The seeded input of a `channels`-channel 224×224 net, `REFERENCE_BATCH` items, float32. */
export function referenceInput(channels: number): Float32Array {
  const rand = seededRandom(INPUT_SEED);
  return Float32Array.from(
    { length: REFERENCE_BATCH * channels * 224 * 224 },
    () => 4 * rand() - 2,
  );
}

export const sha256 = (bytes: Uint8Array | string) =>
  createHash('sha256').update(bytes).digest('hex');

/** SHA-256 of a float32 array's bytes (little-endian, as typed arrays hold them here). */
export const sha256Floats = (values: Float32Array) =>
  sha256(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

type Field = string | number | Message;
interface Message {
  [key: string]: Field[];
}

/** Protobuf text format, as far as deploy prototxts use it: fields, strings, numbers, enums. */
function parseText(text: string): Message {
  const tokens = text.replace(/#[^\n]*/g, '').match(/"[^"]*"|[{}:]|[^\s{}:"]+/g) ?? [];
  let at = 0;
  const message = (): Message => {
    const m: Message = {};
    while (at < tokens.length && tokens[at] !== '}') {
      const key = tokens[at++]!;
      if (tokens[at] === ':') at++;
      let value: Field;
      if (tokens[at] === '{') {
        at++;
        value = message();
        at++; // '}'
      } else {
        const raw = tokens[at++]!;
        value = raw.startsWith('"') ? raw.slice(1, -1) : /^-?[\d.]/.test(raw) ? Number(raw) : raw;
      }
      (m[key] ??= []).push(value);
    }
    return m;
  };
  return message();
}

const num = (m: Message | undefined, key: string) => m?.[key]?.[0] as number | undefined;
const sub = (m: Message, key: string) => m[key]?.[0] as Message | undefined;
const strs = (m: Message, key: string) => (m[key] ?? []) as string[];
const pair = (v: number | undefined, fallback: number): [number, number] => [
  v ?? fallback,
  v ?? fallback,
];

/** The layers of a TSN deploy prototxt as the reference's specs, and its input. */
export function tsnLayers(prototxt: string): {
  input: { name: string; dims: number[] };
  layers: LayerSpec[];
} {
  const net = parseText(prototxt);
  const input = { name: strs(net, 'input')[0]!, dims: (net.input_dim ?? []) as number[] };
  const layers = ((net.layer ?? []) as Message[]).map((l): LayerSpec => {
    const base = { name: strs(l, 'name')[0]!, bottoms: strs(l, 'bottom'), tops: strs(l, 'top') };
    const type = strs(l, 'type')[0];
    switch (type) {
      case 'Convolution': {
        const p = sub(l, 'convolution_param')!;
        return {
          ...base,
          type,
          numOutput: num(p, 'num_output')!,
          kernel: pair(num(p, 'kernel_size'), 1),
          stride: pair(num(p, 'stride'), 1),
          pad: pair(num(p, 'pad'), 0),
        };
      }
      case 'Pooling': {
        const p = sub(l, 'pooling_param')!;
        return {
          ...base,
          type,
          pool: p.pool![0] as 'MAX' | 'AVE',
          kernel: pair(num(p, 'kernel_size'), 1),
          stride: pair(num(p, 'stride'), 1),
          pad: pair(num(p, 'pad'), 0),
        };
      }
      case 'BN':
        return { ...base, type, eps: num(sub(l, 'bn_param'), 'eps') ?? 1e-5 };
      case 'InnerProduct':
        return { ...base, type, numOutput: num(sub(l, 'inner_product_param'), 'num_output')! };
      case 'ReLU':
      case 'Dropout':
      case 'Concat':
        return { ...base, type };
      default:
        throw new Error(`tsnReference: layer type ${type} not handled`);
    }
  });
  return { input, layers };
}

/** Each layer's blobs from a caffemodel, decoded by protobufjs. */
export function caffemodelBlobs(caffemodel: Uint8Array): Map<string, BlobData[]> {
  const net = NetParameter.toObject(NetParameter.decode(caffemodel), { longs: Number }) as {
    layer?: { name: string; blobs?: { shape?: { dim: number[] }; data: number[] }[] }[];
  };
  return new Map(
    (net.layer ?? []).map((l) => [
      l.name,
      (l.blobs ?? []).map((b) => ({ dims: b.shape?.dim ?? [], data: Float32Array.from(b.data) })),
    ]),
  );
}

/** Runs the net on `input` ([REFERENCE_BATCH, C, 224, 224]) and returns its last layer's top. */
export function referenceForward(
  prototxt: string,
  caffemodel: Uint8Array,
  input: Float32Array,
): Tensor {
  const { input: spec, layers } = tsnLayers(prototxt);
  const weights = caffemodelBlobs(caffemodel);
  const dims = [REFERENCE_BATCH, ...spec.dims.slice(1)];
  const blobs = new Map<string, Tensor>([[spec.name, { dims, data: Float64Array.from(input) }]]);
  for (const l of layers) {
    const xs = l.bottoms.map((b) => blobs.get(b)!);
    forwardLayer(l, xs, weights.get(l.name) ?? []).forEach((t, i) => blobs.set(l.tops[i]!, t));
  }
  return blobs.get(layers.at(-1)!.tops[0]!)!;
}
