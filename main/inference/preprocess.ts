import type { ModelManifest } from './manifestSchema.ts';

/** A crop window in the resized frame, optionally mirrored (TSN's 10-crop flips). */
export interface CropBox {
  xPx: number;
  yPx: number;
  flip: boolean;
}

/**
 * Crop windows of `crops` for a (cropW × cropH) input cut from (frameW × frameH) frames:
 * center; three (start, center, end along the longer side); ten (4 corners + center, then
 * the same five mirrored, as TSN's oversampling).
 */
export function cropBoxes(
  kind: ModelManifest['crops'],
  frameW: number,
  frameH: number,
  cropW: number,
  cropH: number,
): CropBox[] {
  const cx = Math.floor((frameW - cropW) / 2);
  const cy = Math.floor((frameH - cropH) / 2);
  if (kind === 'center') return [{ xPx: cx, yPx: cy, flip: false }];
  if (kind === 'three') {
    return frameW >= frameH
      ? [0, cx, frameW - cropW].map((x) => ({ xPx: x, yPx: cy, flip: false }))
      : [0, cy, frameH - cropH].map((y) => ({ xPx: cx, yPx: y, flip: false }));
  }
  const five = [
    [0, 0],
    [frameW - cropW, 0],
    [0, frameH - cropH],
    [frameW - cropW, frameH - cropH],
    [cx, cy],
  ] as const;
  return [false, true].flatMap((flip) => five.map(([x, y]) => ({ xPx: x, yPx: y, flip })));
}

/** Float count of one crop of one snippet: T frames × 3 channels × H × W. */
export function elementsPerCrop(m: ModelManifest): number {
  return m.framesPerSnippet * 3 * m.input.widthPx * m.input.heightPx;
}

/**
 * Writes one snippet (T frames of packed RGB24 at frameW × frameH) into `out` at `offset`, one
 * crop after another, each as the model's layout expects: (x / (255 / pixelScale) − mean) / std
 * in the manifest's channel order. Returns the offset after the last crop. This is the hot
 * path: no allocation per pixel.
 */
export function preprocessSnippet(
  frames: readonly Uint8Array[],
  frameW: number,
  frameH: number,
  m: ModelManifest,
  out: Float32Array,
  offset: number,
): number {
  const w = m.input.widthPx;
  const h = m.input.heightPx;
  const t = m.framesPerSnippet;
  const plane = w * h;
  const scale = m.pixelScale === 1 ? 1 / 255 : 1;
  // For output channel c, the source channel in RGB24 and its normalisation.
  const src = m.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const mul = src.map((_, c) => scale / m.std[c]!);
  const add = src.map((_, c) => -m.mean[c]! / m.std[c]!);
  // NCTHW puts time inside channels; every other layout is frame-major [T, C, H, W].
  const channelStride = m.input.layout === 'NCTHW' ? t * plane : plane;
  const frameStride = m.input.layout === 'NCTHW' ? plane : 3 * plane;
  for (const box of cropBoxes(m.crops, frameW, frameH, w, h)) {
    for (let f = 0; f < t; f++) {
      const rgb = frames[Math.min(f, frames.length - 1)]!;
      for (let c = 0; c < 3; c++) {
        const s = src[c]!;
        const k = mul[c]!;
        const b = add[c]!;
        let o = offset + f * frameStride + c * channelStride;
        for (let y = 0; y < h; y++) {
          const row = (box.yPx + y) * frameW;
          for (let x = 0; x < w; x++) {
            const sx = box.flip ? box.xPx + w - 1 - x : box.xPx + x;
            out[o++] = rgb[(row + sx) * 3 + s]! * k + b;
          }
        }
      }
    }
    offset += t * 3 * plane;
  }
  return offset;
}

/** Frame size to ask the decoder for: the manifest's fixed size, or short side scaled. */
export function resizeTarget(
  m: ModelManifest,
  videoW: number,
  videoH: number,
): { widthPx: number; heightPx: number } {
  if (m.resize.mode === 'fixed') return { widthPx: m.resize.widthPx, heightPx: m.resize.heightPx };
  const s = m.resize.sizePx / Math.min(videoW, videoH);
  const even = (v: number) => Math.max(2, 2 * Math.round(v / 2));
  return { widthPx: even(videoW * s), heightPx: even(videoH * s) };
}
