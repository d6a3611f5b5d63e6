/**
 * The image operations TV-L1 needs, on single-channel float32 images stored row by row.
 * Each follows the OpenCV function named in its comment; deviations are stated there.
 */

export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

export function makeImage(width: number, height: number): FloatImage {
  return { width, height, data: new Float32Array(width * height) };
}

/** cvRound / saturate_cast<int>(double): round half to even. */
export function cvRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** BT.601 luma (0.299 R + 0.587 G + 0.114 B) of interleaved 8-bit RGB, as float 0–255. */
export function lumaFromRgb(rgb: Uint8Array, width: number, height: number): FloatImage {
  const out = makeImage(width, height);
  for (let i = 0, j = 0; i < out.data.length; i++, j += 3) {
    out.data[i] = 0.299 * rgb[j]! + 0.587 * rgb[j + 1]! + 0.114 * rgb[j + 2]!;
  }
  return out;
}

/** Float image from 8-bit grayscale (OpenCV's convertTo(CV_32F, 1.0)). */
export function imageFromGray8(gray: Uint8Array, width: number, height: number): FloatImage {
  if (gray.length !== width * height)
    throw new RangeError(`gray image has ${gray.length} bytes for ${width}×${height}`);
  return { width, height, data: Float32Array.from(gray) };
}

interface AxisTaps {
  index0: Int32Array;
  index1: Int32Array;
  weight1: Float32Array;
}

/** OpenCV INTER_LINEAR coordinates: src = (dst + 0.5)·scale − 0.5, clamped to the image (replicate). */
function linearTaps(dstSize: number, srcSize: number, scale: number): AxisTaps {
  const index0 = new Int32Array(dstSize);
  const index1 = new Int32Array(dstSize);
  const weight1 = new Float32Array(dstSize);
  for (let d = 0; d < dstSize; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f -= s;
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= srcSize - 1) {
      f = 0;
      s = srcSize - 1;
    }
    index0[d] = s;
    index1[d] = Math.min(s + 1, srcSize - 1);
    weight1[d] = f;
  }
  return { index0, index1, weight1 };
}

/**
 * cv::resize(src, dst, size, 0, 0, INTER_LINEAR) on a float image. `scaleX`/`scaleY` are
 * source pixels per destination pixel: OpenCV uses 1/fx when the size comes from fx, fy
 * (pyramid levels) and src/dst otherwise (flow upsampling); the caller passes the same.
 * Horizontal pass then vertical pass, as OpenCV's separable resize does.
 */
export function resizeLinear(
  src: FloatImage,
  width: number,
  height: number,
  scaleX = src.width / width,
  scaleY = src.height / height,
): FloatImage {
  const xs = linearTaps(width, src.width, scaleX);
  const ys = linearTaps(height, src.height, scaleY);
  const rows = new Float32Array(src.height * width);
  for (let y = 0; y < src.height; y++) {
    const s = y * src.width;
    const r = y * width;
    for (let x = 0; x < width; x++) {
      const a = xs.weight1[x]!;
      rows[r + x] = src.data[s + xs.index0[x]!]! * (1 - a) + src.data[s + xs.index1[x]!]! * a;
    }
  }
  const out = makeImage(width, height);
  for (let y = 0; y < height; y++) {
    const b = ys.weight1[y]!;
    const r0 = ys.index0[y]! * width;
    const r1 = ys.index1[y]! * width;
    const o = y * width;
    for (let x = 0; x < width; x++) out.data[o + x] = rows[r0 + x]! * (1 - b) + rows[r1 + x]! * b;
  }
  return out;
}

/**
 * tvl1flow.cpp centeredGradient: 0.5·(next − previous), the missing neighbour on a border
 * replaced by the pixel itself (one-sided differences halved, exactly as OpenCV writes them).
 */
export function centeredGradient(src: FloatImage, dx: Float32Array, dy: Float32Array): void {
  const { width: w, height: h, data: s } = src;
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : 0) * w;
    const down = (y < h - 1 ? y + 1 : h - 1) * w;
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const left = x > 0 ? x - 1 : 0;
      const right = x < w - 1 ? x + 1 : w - 1;
      dx[row + x] = 0.5 * (s[row + right]! - s[row + left]!);
      dy[row + x] = 0.5 * (s[down + x]! - s[up + x]!);
    }
  }
}

/** OpenCV's interpolateCubic (A = −0.75): the four weights of taps x0−1 … x0+2. */
function cubicWeights(t: number, out: Float64Array): void {
  const A = -0.75;
  const t1 = t + 1;
  out[0] = ((A * t1 - 5 * A) * t1 + 8 * A) * t1 - 4 * A;
  out[1] = ((A + 2) * t - (A + 3)) * t * t + 1;
  const u = 1 - t;
  out[2] = ((A + 2) * u - (A + 3)) * u * u + 1;
  out[3] = 1 - out[0] - out[1] - out[2];
}

/**
 * cv::remap(src, dst, x + u1, y + u2, INTER_CUBIC | INTER_LINEAR) with BORDER_CONSTANT 0:
 * each tap outside the image reads 0. Deviation: OpenCV quantises map coordinates to 1/32
 * pixel (INTER_BITS = 5) before interpolating; this uses the exact float coordinates, as
 * onnxruntime's GridSample does.
 */
export function remap(
  srcs: readonly Float32Array[],
  dsts: readonly Float32Array[],
  width: number,
  height: number,
  u1: Float32Array,
  u2: Float32Array,
  mode: 'cubic' | 'linear',
): void {
  const wx = new Float64Array(4);
  const wy = new Float64Array(4);
  const n = srcs.length;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const mx = Math.fround(x + u1[i]!);
      const my = Math.fround(y + u2[i]!);
      const ix = Math.floor(mx);
      const iy = Math.floor(my);
      const tx = mx - ix;
      const ty = my - iy;
      if (mode === 'linear') {
        wx[0] = 0;
        wx[1] = 1 - tx;
        wx[2] = tx;
        wx[3] = 0;
        wy[0] = 0;
        wy[1] = 1 - ty;
        wy[2] = ty;
        wy[3] = 0;
      } else {
        cubicWeights(tx, wx);
        cubicWeights(ty, wy);
      }
      const inside = ix >= 1 && iy >= 1 && ix + 2 < width && iy + 2 < height;
      for (let c = 0; c < n; c++) {
        const s = srcs[c]!;
        let acc = 0;
        for (let j = 0; j < 4; j++) {
          const yy = iy - 1 + j;
          if (!inside && (yy < 0 || yy >= height)) continue;
          const row = yy * width;
          let racc = 0;
          for (let k = 0; k < 4; k++) {
            const xx = ix - 1 + k;
            if (!inside && (xx < 0 || xx >= width)) continue;
            racc += wx[k]! * s[row + xx]!;
          }
          acc += wy[j]! * racc;
        }
        dsts[c]![i] = acc;
      }
    }
  }
}

/**
 * cv::medianBlur(src, dst, ksize) for CV_32F (ksize 3 or 5): the median of the ksize×ksize
 * neighbourhood, border replicated. Exact (a median is a selection, no arithmetic).
 */
export function medianBlur(
  src: Float32Array,
  dst: Float32Array,
  width: number,
  height: number,
  ksize: number,
): void {
  const r = (ksize - 1) >> 1;
  const count = ksize * ksize;
  const k = count >> 1;
  const win = new Float32Array(count);
  const rows = new Int32Array(ksize);
  const cols = new Int32Array(ksize * width);
  for (let x = 0; x < width; x++) {
    for (let j = 0; j < ksize; j++)
      cols[x * ksize + j] = Math.min(Math.max(x - r + j, 0), width - 1);
  }
  for (let y = 0; y < height; y++) {
    for (let j = 0; j < ksize; j++) rows[j] = Math.min(Math.max(y - r + j, 0), height - 1) * width;
    for (let x = 0; x < width; x++) {
      let n = 0;
      const cx = x * ksize;
      for (let a = 0; a < ksize; a++) {
        const row = rows[a]!;
        for (let b = 0; b < ksize; b++) win[n++] = src[row + cols[cx + b]!]!;
      }
      dst[y * width + x] = select(win, k, count);
    }
  }
}

/** The k-th smallest of win[0..n) (Hoare's quickselect; reorders win). */
function select(win: Float32Array, k: number, n: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const pivot = win[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (win[i]! < pivot) i++;
      while (win[j]! > pivot) j--;
      if (i <= j) {
        const t = win[i]!;
        win[i] = win[j]!;
        win[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return win[k]!;
  }
  return win[k]!;
}
