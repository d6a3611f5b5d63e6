import { FlowWorkerPool } from '../flow/flowPool.ts';
import { cvRound, type FloatImage } from '../flow/imageOps.ts';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import { encodeFlowImages, TSN_FLOW_BOUND, type EncodedFlow } from '../flow/tsnEncoding.ts';
import { ActionlineError } from '../base/errors.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { FlowEngine, FlowEngineKind } from '../flow/flowEngine.ts';
import { startOnnxFlowThread } from '../flow/flowOnnxThread.ts';

/**
 * The flow stage of the pipeline: a snippet's new_length + 1 decoded RGB frames → BT.601
 * luma rounded to 8 bits (dense_flow, which made TSN's training data, converts frames with
 * cvtColor to 8-bit gray before TV-L1) → new_length TV-L1 fields (frame k → k + 1) on a flow
 * engine off this thread → the TSN 8-bit x/y images (tsnEncoding.ts: clip ±20, cvRound) packed
 * as (x, y) byte pairs per pixel, the "frames" preprocessSnippet takes for a flow model (it
 * cuts the crops, mirrors with x → 255 − x, and subtracts the manifest's mean 128).
 */

export type { FlowEngine, FlowEngineKind };

/** How a job computes TV-L1 (part of ScoreVideoRequest for flow models). */
export interface FlowOptions {
  /** 'cpu': the typed-array solver on a worker-thread pool; 'onnx': the solver graph in onnxruntime on the job's device. */
  engine: FlowEngineKind;
  /**
   * TV-L1 parameters over OpenCV 4.6's defaults (models/flow/tvl1Params.ts). The product
   * leaves this empty; tests pass a cheap set (fewer scales, warps and iterations) explicitly.
   */
  params?: Partial<Tvl1Params>;
  /** Pool threads for 'cpu' (default: cores − 1, at least 1). */
  workers?: number;
  /** 'onnx': the execution provider (default 'cpu'; the analysis worker passes the job's). */
  device?: Device;
}

export const DEFAULT_FLOW_OPTIONS: FlowOptions = { engine: 'cpu' };

export async function createFlowEngine(opts: FlowOptions): Promise<FlowEngine> {
  if (opts.engine === 'onnx')
    return startOnnxFlowThread({ device: opts.device ?? 'cpu', params: opts.params ?? {} });
  const pool = new FlowWorkerPool({
    ...(opts.workers ? { size: opts.workers } : {}),
    params: opts.params ?? {},
  });
  return {
    kind: 'cpu',
    provider: 'cpu',
    fallbackNotes: [],
    parallelism: pool.size,
    flow: (I0, I1) => pool.flow(I0, I1),
    close: () => pool.close(),
  };
}

/** BT.601 luma of packed RGB24 rounded to 8 bits (cvtColor RGB2GRAY), as float 0–255. */
export function gray8Luma(rgb: Uint8Array, width: number, height: number): FloatImage {
  const data = new Float32Array(width * height);
  for (let i = 0, j = 0; i < data.length; i++, j += 3) {
    data[i] = cvRound(0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!);
  }
  return { width, height, data };
}

/** One flow field's TSN images as (x, y) byte pairs per pixel, row by row. */
export function packFlowImages(enc: EncodedFlow): Uint8Array {
  const n = enc.width * enc.height;
  const out = new Uint8Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = enc.x[i]!;
    out[2 * i + 1] = enc.y[i]!;
  }
  return out;
}

/**
 * Starts the flow of one snippet: `frames` are its new_length + 1 RGB24 frames. The luma is
 * taken before this returns, so the caller may reuse the frames' memory at once. Resolves to
 * new_length packed (x, y) images (packFlowImages), in field order.
 */
export function startFlowSnippet(
  frames: readonly Uint8Array[],
  width: number,
  height: number,
  engine: Pick<FlowEngine, 'flow'>,
  signal?: AbortSignal,
): Promise<Uint8Array[]> {
  if (frames.length < 2) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `a flow snippet needs ≥ 2 frames, got ${frames.length}`,
    );
  }
  const gray = frames.map((f) => gray8Luma(f, width, height));
  const fields = gray.slice(1).map(async (I1, k) => {
    if (signal?.aborted) throw new ActionlineError('CANCELLED', 'cancelled');
    const flow = await engine.flow(gray[k]!, I1);
    return packFlowImages(encodeFlowImages(flow, TSN_FLOW_BOUND));
  });
  const all = Promise.all(fields);
  // Promise.all reports the first failure; the others must not surface as unhandled.
  for (const f of fields) f.catch(() => {});
  return all;
}

/**
 * Means of the x and y bytes of packed flow images over a box (the whole image by default):
 * 128 (give or take TSN's rounding) where nothing moves, above/below where things move
 * right/left (x) or down/up (y). For tests and diagnostics.
 */
export function packedFlowMeans(
  packed: readonly Uint8Array[],
  width: number,
  box: { xPx: number; yPx: number; widthPx: number; heightPx: number } = {
    xPx: 0,
    yPx: 0,
    widthPx: width,
    heightPx: packed[0] ? packed[0].length / 2 / width : 0,
  },
): { x: number; y: number } {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (const img of packed) {
    for (let r = box.yPx; r < box.yPx + box.heightPx; r++) {
      for (let c = box.xPx; c < box.xPx + box.widthPx; c++) {
        const i = 2 * (r * width + c);
        sx += img[i]!;
        sy += img[i + 1]!;
        n++;
      }
    }
  }
  return { x: sx / Math.max(1, n), y: sy / Math.max(1, n) };
}

/**
 * The engine's flow() with at most `slots` fields handed to it at a time, the rest waiting
 * here: a cancelled job then leaves at most `slots` fields running in the engine instead of
 * every field it had queued (each costs about a second at 340×256 on one core).
 */
export function gatedFlow(
  engine: Pick<FlowEngine, 'flow'>,
  slots: number,
  signal?: AbortSignal,
): Pick<FlowEngine, 'flow'> {
  let free = Math.max(1, slots);
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    flow: async (I0, I1) => {
      if (free > 0) free--;
      else await new Promise<void>((r) => waiting.push(r));
      try {
        if (signal?.aborted) throw new ActionlineError('CANCELLED', 'cancelled');
        return await engine.flow(I0, I1);
      } finally {
        release();
      }
    },
  };
}
