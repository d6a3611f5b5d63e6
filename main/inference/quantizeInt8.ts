import ort from 'onnxruntime-node';
import type { GraphBuilder } from '../../models/onnx/graphBuilder.ts';
import { calibrationGraph, quantizeGraph, type Range } from '../../models/onnx/quantize.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';

/** How far the int8 model's outputs are from the float model's, on inputs it was not calibrated on. */
export interface Int8Difference {
  inputs: number;
  /** max |int8 − float| over every output value, and over the float outputs' max |value|. */
  maxAbsDiff: number;
  maxAbsFloat: number;
  /** Items whose top class is the same in both. */
  top1Agreement: number;
}

const CALIBRATION_BATCHES = 4;
const BATCH = 4;

/**
 * The int8 (QDQ) version of a converted float graph (models/onnx/quantize.ts), calibrated on
 * seeded images of uniform pixel noise through the model's mean subtraction — no frames from
 * real footage — and its difference from the float model on a further batch. `inputDims` is
 * one item's shape ([3, H, W]); `mean` the per-channel mean the preprocessing subtracts.
 */
export async function quantizeToInt8(
  graph: GraphBuilder,
  floatModel: Uint8Array,
  inputDims: readonly number[],
  mean: readonly number[],
): Promise<{ onnx: Uint8Array; difference: Int8Difference }> {
  const random = seededRandom(20261203);
  const perItem = inputDims.reduce((a, b) => a * b, 1);
  const plane = perItem / (inputDims[0] ?? 1);
  const batch = () =>
    new ort.Tensor(
      'float32',
      Float32Array.from({ length: BATCH * perItem }, (_, i) => {
        const channel = Math.floor((i % perItem) / plane);
        return random() * 255 - (mean.length === 1 ? mean[0]! : (mean[channel] ?? 0));
      }),
      [BATCH, ...inputDims],
    );
  const calibration = calibrationGraph(graph);
  const ranges = new Map<string, Range>();
  const session = await ort.InferenceSession.create(calibration.bytes);
  const inputName = session.inputNames[0]!;
  try {
    for (let b = 0; b < CALIBRATION_BATCHES; b++) {
      const input = batch();
      const out = await session.run({ [inputName]: input });
      for (const name of calibration.tensors) {
        const values = (name === inputName ? input.data : out[name]!.data) as Float32Array;
        let [min, max] = [Infinity, -Infinity];
        for (const v of values) {
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const r = ranges.get(name);
        ranges.set(
          name,
          r ? { min: Math.min(r.min, min), max: Math.max(r.max, max) } : { min, max },
        );
      }
    }
  } finally {
    await session.release();
  }
  const onnx = quantizeGraph(graph, ranges);
  return { onnx, difference: await compare(floatModel, onnx, batch()) };
}

async function compare(
  floatModel: Uint8Array,
  int8: Uint8Array,
  input: ort.Tensor,
): Promise<Int8Difference> {
  const run = async (bytes: Uint8Array) => {
    const s = await ort.InferenceSession.create(bytes);
    try {
      const out = await s.run({ [s.inputNames[0]!]: input });
      return out[s.outputNames[0]!]!.data as Float32Array;
    } finally {
      await s.release();
    }
  };
  const [a, b] = [await run(floatModel), await run(int8)];
  const items = input.dims[0]!;
  const classes = a.length / items;
  let [maxAbsDiff, maxAbsFloat, agree] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i]! - b[i]!));
    maxAbsFloat = Math.max(maxAbsFloat, Math.abs(a[i]!));
  }
  const top = (v: Float32Array, item: number) => {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (v[item * classes + c]! > v[item * classes + best]!) best = c;
    return best;
  };
  for (let item = 0; item < items; item++) if (top(a, item) === top(b, item)) agree++;
  return { inputs: items, maxAbsDiff, maxAbsFloat, top1Agreement: agree / items };
}
