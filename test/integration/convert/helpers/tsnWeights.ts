import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parsePrototxt, type TextMessage } from '../../../../models/convert/caffe/prototxt.ts';
import { NetParameter, random } from './caffeNets.ts';

/**
 * A caffemodel with seeded random weights for a real TSN deploy prototxt (BNInception: Input
 * dims, Convolution, BN, ReLU, Pooling, Concat, Dropout, InnerProduct), blob shapes derived
 * from the prototxt by a shape walk written here (Caffe's ceil pooling retyped). Cached in
 * os.tmpdir() by a hash of the prototxt, since writing ~10 M floats takes a few seconds.
 */
const GENERATOR_VERSION = 1;

export async function tsnCaffemodel(
  prototxtPath: string,
): Promise<{ prototxt: string; caffemodel: Uint8Array }> {
  const prototxt = await readFile(prototxtPath, 'utf8');
  const hash = createHash('sha1')
    .update(`${GENERATOR_VERSION}\n${prototxt}`)
    .digest('hex')
    .slice(0, 16);
  const dir = path.join(os.tmpdir(), 'actionline-fixtures');
  const file = path.join(dir, `tsn-${hash}.caffemodel`);
  if (existsSync(file)) return { prototxt, caffemodel: await readFile(file) };
  const caffemodel = randomWeights(prototxt);
  await mkdir(dir, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, caffemodel);
  await rename(partial, file);
  return { prototxt, caffemodel };
}

function pooled(inPx: number, k: number, s: number, p: number): number {
  let out = Math.ceil((inPx + 2 * p - k) / s) + 1;
  if (p > 0 && (out - 1) * s >= inPx + p) out--;
  return out;
}

function randomWeights(prototxt: string): Uint8Array {
  const net = parsePrototxt(prototxt);
  const rand = random(7);
  const uniform = (n: number, lo: number, hi: number) =>
    Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
  const dims = net.numbers('input_dim');
  const shapes = new Map<string, [number, number, number]>([
    [net.string('input')!, [dims[1]!, dims[2]!, dims[3]!]],
  ]);
  const layers: object[] = [];
  for (const l of net.messages('layer')) {
    const type = l.string('type')!;
    const bottoms = l.strings('bottom');
    const [c, h, w] = shapes.get(bottoms[0]!)!;
    const p = (key: string): TextMessage => l.message(key)!;
    let blobs: { shape: { dim: number[] }; data: Float32Array }[] = [];
    let out: [number, number, number] = [c, h, w];
    if (type === 'Convolution') {
      const cp = p('convolution_param');
      const n = cp.number('num_output')!;
      const k = cp.number('kernel_size')!;
      const s = cp.number('stride') ?? 1;
      const pad = cp.number('pad') ?? 0;
      const bound = Math.sqrt(6 / (c * k * k));
      blobs = [
        { shape: { dim: [n, c, k, k] }, data: uniform(n * c * k * k, -bound, bound) },
        { shape: { dim: [n] }, data: uniform(n, -0.1, 0.1) },
      ];
      const size = (x: number) => Math.floor((x + 2 * pad - k) / s) + 1;
      out = [n, size(h), size(w)];
    } else if (type === 'BN') {
      const d = { dim: [1, c, 1, 1] };
      blobs = [
        { shape: d, data: uniform(c, 0.8, 1.2) },
        { shape: d, data: uniform(c, -0.1, 0.1) },
        { shape: d, data: uniform(c, -0.1, 0.1) },
        { shape: d, data: uniform(c, 0.5, 1.5) },
      ];
    } else if (type === 'Pooling') {
      const pp = p('pooling_param');
      const k = pp.number('kernel_size')!;
      const s = pp.number('stride') ?? 1;
      const pad = pp.number('pad') ?? 0;
      out = [c, pooled(h, k, s, pad), pooled(w, k, s, pad)];
    } else if (type === 'Concat') {
      out = [bottoms.reduce((sum, b) => sum + shapes.get(b)![0], 0), h, w];
    } else if (type === 'InnerProduct') {
      const n = p('inner_product_param').number('num_output')!;
      const k = c * h * w;
      blobs = [
        { shape: { dim: [n, k] }, data: uniform(n * k, -1 / Math.sqrt(k), 1 / Math.sqrt(k)) },
        { shape: { dim: [n] }, data: uniform(n, -0.1, 0.1) },
      ];
      out = [n, 1, 1];
    } else if (type !== 'ReLU' && type !== 'Dropout') {
      throw new Error(`tsnWeights: layer type ${type} not handled`);
    }
    for (const t of l.strings('top')) shapes.set(t, out);
    layers.push({ name: l.string('name'), type, bottom: bottoms, top: l.strings('top'), blobs });
  }
  return NetParameter.encode({ name: net.string('name'), layer: layers }).finish();
}
