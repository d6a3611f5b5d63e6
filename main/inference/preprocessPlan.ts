import { channelsOf, type CropKind, type ModelManifest } from '../../models/manifestSchema.ts';

/**
 * The geometry of preprocessing, from the manifest alone: the size to decode frames at, the
 * crop windows, and the shape of the model input. Pure; preprocess.ts fills the values.
 */

/** A crop window in the resized frame (top-left corner), optionally mirrored. */
export interface CropBox {
  xPx: number;
  yPx: number;
  flip: boolean;
}

const CROP_COUNT: Record<CropKind, number> = { center: 1, three: 3, ten: 10 };

export function cropCount(kind: CropKind): number {
  return CROP_COUNT[kind];
}

/**
 * Crop windows of a cropW × cropH input cut from frameW × frameH frames, as mmaction2 and
 * TSN place them:
 * - center: ((frameW − cropW) // 2, (frameH − cropH) // 2) (mmaction2 CenterCrop).
 * - three: start, end, middle along the longer side (mmaction2 ThreeCrop), centred on the
 *   shorter side (ThreeCrop uses 0 there; the two agree when the crop spans the short side).
 * - ten: with step = (frame − crop) // 4 per axis, the corners (0,0), (4sx,0), (0,4sy),
 *   (4sx,4sy) and the centre (2sx,2sy), then the same five mirrored (TSN GroupOverSample,
 *   mmaction2 TenCrop): 340×256 → 224 gives x ∈ {0, 58, 116}, y ∈ {0, 16, 32}.
 */
export function cropBoxes(
  kind: CropKind,
  frameW: number,
  frameH: number,
  cropW: number,
  cropH: number,
): CropBox[] {
  if (cropW > frameW || cropH > frameH) {
    throw new RangeError(`a ${cropW}×${cropH} crop does not fit in a ${frameW}×${frameH} frame`);
  }
  const cx = Math.floor((frameW - cropW) / 2);
  const cy = Math.floor((frameH - cropH) / 2);
  if (kind === 'center') return [{ xPx: cx, yPx: cy, flip: false }];
  if (kind === 'three') {
    return frameW >= frameH
      ? [0, frameW - cropW, cx].map((x) => ({ xPx: x, yPx: cy, flip: false }))
      : [0, frameH - cropH, cy].map((y) => ({ xPx: cx, yPx: y, flip: false }));
  }
  const sx = Math.floor((frameW - cropW) / 4);
  const sy = Math.floor((frameH - cropH) / 4);
  const five = [
    [0, 0],
    [4 * sx, 0],
    [0, 4 * sy],
    [4 * sx, 4 * sy],
    [2 * sx, 2 * sy],
  ] as const;
  return [false, true].flatMap((flip) => five.map(([x, y]) => ({ xPx: x, yPx: y, flip })));
}

/**
 * The frame size to ask the decoder for: the manifest's fixed size (TSN 340×256), or the
 * short side scaled to sizePx and the long side rounded as mmaction2's Resize does
 * (int(long · sizePx / short + 0.5)).
 */
export function resizeTarget(
  m: ModelManifest,
  videoW: number,
  videoH: number,
): { widthPx: number; heightPx: number } {
  const { resize } = m;
  if (resize.mode === 'fixed') return { widthPx: resize.widthPx, heightPx: resize.heightPx };
  const short = Math.min(videoW, videoH);
  const long = (v: number) => Math.floor((v * resize.sizePx) / short + 0.5);
  return videoW <= videoH
    ? { widthPx: resize.sizePx, heightPx: long(videoH) }
    : { widthPx: long(videoW), heightPx: resize.sizePx };
}

/** Values of one crop of one snippet: T frames × C channels × H × W. */
export function elementsPerCrop(m: ModelManifest): number {
  return m.framesPerSnippet * channelsOf(m.modality) * m.input.widthPx * m.input.heightPx;
}

/** Values of one snippet, all crops. */
export function valuesPerSnippet(m: ModelManifest): number {
  return cropCount(m.crops) * elementsPerCrop(m);
}

/**
 * Batch entries one snippet takes: one per crop (the caller averages their outputs), or one
 * for NMCHW, where the crops are the M dimension and the model averages them itself.
 */
export function entriesPerSnippet(m: ModelManifest): number {
  return m.input.layout === 'NMCHW' ? 1 : cropCount(m.crops);
}

/** Dims of the model input for a batch of `snippetCount` snippets (all crops included). */
export function modelInputDims(m: ModelManifest, snippetCount: number): number[] {
  const t = m.framesPerSnippet;
  const c = channelsOf(m.modality);
  const hw = [m.input.heightPx, m.input.widthPx];
  const n = snippetCount * entriesPerSnippet(m);
  switch (m.input.layout) {
    case 'NCHW':
    case 'NCHW-stacked':
      return [n, c * t, ...hw];
    case 'NTCHW':
      return [n, t, c, ...hw];
    case 'NCTHW':
      return [n, c, t, ...hw];
    case 'NMCHW':
      return [n, cropCount(m.crops) * t, c, ...hw];
  }
}
