import { cvRound } from './imageOps.ts';
import type { FlowField } from './tvl1.ts';

/**
 * The TSN flow-stream input (FORMATS.md, "TSN models"): each flow field is stored as two
 * 8-bit images, x and y, each value clipped to ±bound (20) and mapped to
 * round(255·(v + bound)/(2·bound)) — cvRound, half to even, as the dense_flow tool that made
 * the training data does; a snippet stacks 5 consecutive fields interleaved x1, y1, …, x5, y5
 * (new_length 5, so 6 consecutive frames); in a mirrored crop the x images become 255 − v;
 * the model input is the 8-bit value minus 128. Pure.
 */
export const TSN_FLOW_BOUND = 20;
export const TSN_FLOW_NEW_LENGTH = 5;
/** Frames a flow snippet spans: new_length fields between new_length + 1 frames. */
export const TSN_FLOW_FRAMES_PER_SNIPPET = TSN_FLOW_NEW_LENGTH + 1;
export const TSN_FLOW_MEAN = 128;

/** One flow value as its 8-bit image value. */
export function quantiseFlowValue(v: number, bound = TSN_FLOW_BOUND): number {
  if (v <= -bound) return 0;
  if (v >= bound) return 255;
  return Math.min(255, Math.max(0, cvRound((255 * (v + bound)) / (2 * bound))));
}

export interface EncodedFlow {
  width: number;
  height: number;
  /** The x (horizontal) image, row by row. */
  x: Uint8Array;
  y: Uint8Array;
}

/** A flow field as its pair of 8-bit TSN images. */
export function encodeFlowImages(flow: FlowField, bound = TSN_FLOW_BOUND): EncodedFlow {
  const n = flow.width * flow.height;
  const x = new Uint8Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = quantiseFlowValue(flow.u[i]!, bound);
    y[i] = quantiseFlowValue(flow.v[i]!, bound);
  }
  return { width: flow.width, height: flow.height, x, y };
}

export interface FlowCrop {
  xPx: number;
  yPx: number;
  widthPx: number;
  heightPx: number;
  /** Mirrored crop: columns reversed and x images 255 − v. */
  flip: boolean;
}

/**
 * One snippet's model input, [2·new_length, crop h, crop w] float32: channels x1, y1, …,
 * each 8-bit value (255 − v for x channels of a mirrored crop) minus 128.
 */
export function flowSnippetInput(fields: readonly EncodedFlow[], crop: FlowCrop): Float32Array {
  if (fields.length === 0) throw new RangeError('a flow snippet needs at least one field');
  const { width, height } = fields[0]!;
  if (
    crop.xPx < 0 ||
    crop.yPx < 0 ||
    crop.xPx + crop.widthPx > width ||
    crop.yPx + crop.heightPx > height
  )
    throw new RangeError(
      `crop ${crop.widthPx}×${crop.heightPx} at (${crop.xPx}, ${crop.yPx}) is outside the ${width}×${height} flow`,
    );
  const plane = crop.widthPx * crop.heightPx;
  const out = new Float32Array(fields.length * 2 * plane);
  fields.forEach((f, k) => {
    if (f.width !== width || f.height !== height)
      throw new RangeError('the flow fields of a snippet differ in size');
    for (const [c, img] of [f.x, f.y].entries()) {
      const base = (2 * k + c) * plane;
      const invert = crop.flip && c === 0;
      for (let r = 0; r < crop.heightPx; r++) {
        const src = (crop.yPx + r) * width + crop.xPx;
        for (let col = 0; col < crop.widthPx; col++) {
          const sx = crop.flip ? crop.widthPx - 1 - col : col;
          const v = img[src + sx]!;
          out[base + r * crop.widthPx + col] = (invert ? 255 - v : v) - TSN_FLOW_MEAN;
        }
      }
    }
  });
  return out;
}

/**
 * TSN's test-time snippet starts (0-based) over a video's flow fields: with F fields
 * (frames − 1), step = (F − new_length) // (segments − 1) and starts 0, step, 2·step, …
 * (the 1-based ticks 1, 1 + step, … of the TSN test script). Snippet i uses fields
 * start … start + new_length − 1, i.e. frames start … start + new_length.
 */
export function tsnFlowSnippetStarts(
  flowFields: number,
  segments = 25,
  newLength = TSN_FLOW_NEW_LENGTH,
): number[] {
  if (flowFields < newLength)
    throw new RangeError(`${flowFields} flow fields are fewer than new_length ${newLength}`);
  const step = segments > 1 ? Math.floor((flowFields - newLength) / (segments - 1)) : 0;
  return Array.from({ length: segments }, (_, i) => i * step);
}
