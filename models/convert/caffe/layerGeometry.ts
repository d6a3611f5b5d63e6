import type { TextMessage } from './prototxt.ts';

/**
 * Kernel, stride, pad and dilation of a convolution or pooling layer in Caffe's forms
 * (kernel_size / kernel_h + kernel_w; repeated kernel_size with one value per spatial axis),
 * and Caffe's output-size rules. Pure: the converter and its tests share nothing else.
 */
export interface Window2d {
  kernel: [number, number];
  stride: [number, number];
  pad: [number, number];
  dilation: [number, number];
}

function pair(
  p: TextMessage,
  name: string,
  fallback: number | undefined,
  what: string,
): [number, number] {
  const h = p.number(`${name}_h`);
  const w = p.number(`${name}_w`);
  if (h !== undefined || w !== undefined) {
    if (h === undefined || w === undefined) throw new Error(`${name}_h and ${name}_w go together`);
    return [h, w];
  }
  const plural = name === 'kernel' ? 'kernel_size' : name;
  const values = p.numbers(plural);
  if (values.length === 1) return [values[0]!, values[0]!];
  if (values.length === 2) return [values[0]!, values[1]!];
  if (values.length > 2) throw new Error(`${plural}: only 2-D ${what} is supported`);
  if (fallback === undefined) throw new Error(`${plural} is missing`);
  return [fallback, fallback];
}

export function convolutionWindow(p: TextMessage): Window2d {
  const dilation = p.numbers('dilation');
  if (dilation.length > 2) throw new Error('dilation: only 2-D convolution is supported');
  const d = dilation.length === 0 ? [1, 1] : [dilation[0]!, dilation.at(-1)!];
  return {
    kernel: pair(p, 'kernel', undefined, 'convolution'),
    stride: pair(p, 'stride', 1, 'convolution'),
    pad: pair(p, 'pad', 0, 'convolution'),
    dilation: d as [number, number],
  };
}

export function poolingWindow(p: TextMessage): Window2d {
  return {
    kernel: pair(p, 'kernel', undefined, 'pooling'),
    stride: pair(p, 'stride', 1, 'pooling'),
    pad: pair(p, 'pad', 0, 'pooling'),
    dilation: [1, 1],
  };
}

/** Caffe's convolution output size (floor). */
export function convOutputSize(
  inPx: number,
  kernel: number,
  stride: number,
  pad: number,
  dilation: number,
): number {
  return Math.floor((inPx + 2 * pad - (dilation * (kernel - 1) + 1)) / stride) + 1;
}

/**
 * Caffe's pooling output size: ceil((in + 2p − k) / s) + 1 (floor with round_mode FLOOR),
 * then, when there is padding, one less if the last window would start inside the padding
 * ((out − 1)·s ≥ in + p), so every window overlaps the image.
 */
export function poolOutputSize(
  inPx: number,
  kernel: number,
  stride: number,
  pad: number,
  ceil = true,
): number {
  const span = (inPx + 2 * pad - kernel) / stride;
  let out = (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
  if (pad > 0 && (out - 1) * stride >= inPx + pad) out--;
  return out;
}

/**
 * The ONNX padding that reproduces Caffe's pooling with ceil_mode 0: the begin pad is
 * Caffe's, the end pad is what makes floor((in + p + pEnd − k) / s) + 1 equal Caffe's size
 * (the last window may overhang the image by more than p, as Caffe's ceil allows).
 */
export function poolEndPad(
  inPx: number,
  kernel: number,
  stride: number,
  pad: number,
  outPx: number,
): number {
  return Math.max(0, (outPx - 1) * stride + kernel - inPx - pad);
}

/**
 * Per output position of one axis: Caffe's AVE divisor (the window clipped to in + p, so
 * padding counts but the overhang past it does not) and the number of real pixels in it.
 */
export function aveDivisors(
  inPx: number,
  kernel: number,
  stride: number,
  pad: number,
  outPx: number,
): { caffe: number[]; valid: number[] } {
  const caffe: number[] = [];
  const valid: number[] = [];
  for (let o = 0; o < outPx; o++) {
    const start = o * stride - pad;
    const end = Math.min(start + kernel, inPx + pad);
    caffe.push(end - start);
    valid.push(Math.min(end, inPx) - Math.max(start, 0));
  }
  return { caffe, valid };
}
