import ort from 'onnxruntime-node';
import type { GraphBuilder } from '../../models/onnx/graphBuilder.ts';
import { calibrationGraph, quantizeGraph, type Range } from '../../models/onnx/quantize.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';

/** One model input: `dims[0]` rows that make `snippets` snippets (a snippet's crops are consecutive rows). */
export interface InputBatch {
  data: Float32Array;
  dims: number[];
  snippets: number;
}

/** What the ranges were calibrated on and the difference measured on. */
export type CalibrationSource =
  | { kind: 'noise'; calibrationImages: number; heldOutImages: number }
  | { kind: 'frames'; videos: CalibrationVideo[] };

/** Frames of one calibration video (indices from its first decoded frame). */
export interface CalibrationVideo {
  path: string;
  calibrationFrames: number[];
  heldOutFrames: number[];
}

/**
 * Inputs for quantizeToInt8: batches to calibrate on, batches held out for the difference
 * report (iterated once each, so they may be made lazily), and what they are.
 */
export interface CalibrationSet {
  calibration: Iterable<InputBatch>;
  heldOut: Iterable<InputBatch>;
  source: CalibrationSource;
}

/** How far the int8 model's outputs are from the float model's, on inputs it was not calibrated on. */
export interface Int8Difference {
  source: CalibrationSource;
  /** Held-out snippets compared (noise images or frames). */
  inputs: number;
  /** max |int8 − float| over every output value (every crop), and over the float outputs' max |value|. */
  maxAbsDiff: number;
  maxAbsFloat: number;
  /** Snippets whose top class, on logits averaged over crops as the pipeline does, is the same in both. */
  top1Agreement: number;
}

const NOISE_BATCHES = 4;
const NOISE_BATCH = 4;

/**
 * The default calibration, without footage: seeded images of uniform pixel noise through the
 * model's mean subtraction, 4 batches of 4 and a further batch held out. `itemDims` is one
 * item's shape ([C, H, W]); `mean` the per-channel mean the preprocessing subtracts.
 */
export function noiseCalibration(
  itemDims: readonly number[],
  mean: readonly number[],
): CalibrationSet {
  const random = seededRandom(20261203);
  const perItem = itemDims.reduce((a, b) => a * b, 1);
  const plane = perItem / (itemDims[0] ?? 1);
  const batch = (): InputBatch => ({
    data: Float32Array.from({ length: NOISE_BATCH * perItem }, (_, i) => {
      const channel = Math.floor((i % perItem) / plane);
      return random() * 255 - (mean.length === 1 ? mean[0]! : (mean[channel] ?? 0));
    }),
    dims: [NOISE_BATCH, ...itemDims],
    snippets: NOISE_BATCH,
  });
  // Both draw from `random` when iterated: the calibration batches first, then the held-out one.
  function* calibration() {
    for (let b = 0; b < NOISE_BATCHES; b++) yield batch();
  }
  function* heldOut() {
    yield batch();
  }
  return {
    calibration: calibration(),
    heldOut: heldOut(),
    source: {
      kind: 'noise',
      calibrationImages: NOISE_BATCHES * NOISE_BATCH,
      heldOutImages: NOISE_BATCH,
    },
  };
}

/**
 * The int8 (QDQ) version of a converted float graph (models/onnx/quantize.ts): activation
 * ranges are the min and max each quantized tensor takes over `set.calibration`, and the
 * difference from the float model is measured on `set.heldOut`.
 */
export async function quantizeToInt8(
  graph: GraphBuilder,
  floatModel: Uint8Array,
  set: CalibrationSet,
): Promise<{ onnx: Uint8Array; difference: Int8Difference }> {
  const calibration = calibrationGraph(graph);
  const ranges = new Map<string, Range>();
  const session = await ort.InferenceSession.create(calibration.bytes);
  const inputName = session.inputNames[0]!;
  try {
    for (const batch of set.calibration) {
      const input = new ort.Tensor('float32', batch.data, batch.dims);
      const out = await session.run({ [inputName]: input });
      for (const name of calibration.tensors) {
        const values = (name === inputName ? batch.data : out[name]!.data) as Float32Array;
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
  return { onnx, difference: await compare(floatModel, onnx, set) };
}

async function compare(
  floatModel: Uint8Array,
  int8: Uint8Array,
  set: CalibrationSet,
): Promise<Int8Difference> {
  const [a, b] = await Promise.all([
    ort.InferenceSession.create(floatModel),
    ort.InferenceSession.create(int8),
  ]);
  let [maxAbsDiff, maxAbsFloat, agree, snippets] = [0, 0, 0, 0];
  try {
    const run = async (s: ort.InferenceSession, input: ort.Tensor) =>
      (await s.run({ [s.inputNames[0]!]: input }))[s.outputNames[0]!]!.data as Float32Array;
    for (const batch of set.heldOut) {
      const input = new ort.Tensor('float32', batch.data, batch.dims);
      const [x, y] = [await run(a, input), await run(b, input)];
      for (let i = 0; i < x.length; i++) {
        maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x[i]! - y[i]!));
        maxAbsFloat = Math.max(maxAbsFloat, Math.abs(x[i]!));
      }
      const rows = batch.dims[0]! / batch.snippets;
      const classes = x.length / batch.dims[0]!;
      for (let s = 0; s < batch.snippets; s++) {
        if (topClass(x, s, rows, classes) === topClass(y, s, rows, classes)) agree++;
      }
      snippets += batch.snippets;
    }
  } finally {
    await Promise.all([a.release(), b.release()]);
  }
  return {
    source: set.source,
    inputs: snippets,
    maxAbsDiff,
    maxAbsFloat,
    top1Agreement: snippets > 0 ? agree / snippets : NaN,
  };
}

/** The top class of snippet `s`'s logits summed over its `rows` crops (the order of their average). */
function topClass(out: Float32Array, s: number, rows: number, classes: number): number {
  let [best, bestSum] = [0, -Infinity];
  for (let c = 0; c < classes; c++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += out[(s * rows + r) * classes + c]!;
    if (sum > bestSum) [best, bestSum] = [c, sum];
  }
  return best;
}
