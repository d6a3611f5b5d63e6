import { ActionlineError } from '../base/errors.ts';
import { channelsOf, type ModelManifest } from '../../models/manifestSchema.ts';
import { cropBoxes, elementsPerCrop, valuesPerSnippet } from './preprocessPlan.ts';

export {
  cropBoxes,
  cropCount,
  elementsPerCrop,
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
  type CropBox,
} from './preprocessPlan.ts';

/**
 * Writes one snippet into `out` at `offset` and returns the offset after it: every crop of
 * the snippet's T frames, in the manifest's layout, channel order and normalisation
 *   value = (byte · pixelScale / 255 − mean[c]) / std[c]      (c in the model's channel order)
 * Input frames are what the decoder delivers at resizeTarget(): packed RGB24 (3 bytes per
 * pixel), or for flow packed (x, y) byte pairs, TSN's 8-bit flow images. Crops are
 * consecutive batch entries (crop-major, then frames); for NMCHW the same memory is the M
 * dimension. Mirrored flow crops invert x (255 − x), as TSN does, since mirroring reverses
 * horizontal motion. This is the hot path: no allocation per pixel or per row.
 */
export function preprocessSnippet(
  frames: readonly Uint8Array[],
  frameW: number,
  frameH: number,
  m: ModelManifest,
  out: Float32Array,
  offset: number,
): number {
  const channels = channelsOf(m.modality);
  const t = m.framesPerSnippet;
  checkArguments(frames, frameW, frameH, m, out, offset, channels);

  const w = m.input.widthPx;
  const h = m.input.heightPx;
  const plane = w * h;
  // NCTHW is channel-major [C, T, H, W]; every other layout is frame-major [T, C, H, W].
  const channelMajor = m.input.layout === 'NCTHW';
  const channelStride = channelMajor ? t * plane : plane;
  const frameStride = channelMajor ? plane : channels * plane;
  const scale = m.pixelScale / 255;
  const at = (v: number | readonly number[], c: number) => (typeof v === 'number' ? v : v[c]!);
  const perCrop = elementsPerCrop(m);

  for (const box of cropBoxes(m.crops, frameW, frameH, w, h)) {
    for (let c = 0; c < channels; c++) {
      // Model channel c reads source channel `src`; flow keeps (x, y), RGB may swap to BGR.
      const src = channels === 3 && m.channelOrder === 'BGR' ? 2 - c : c;
      let mul = scale / at(m.std, c);
      let add = -at(m.mean, c) / at(m.std, c);
      if (box.flip && channels === 2 && c === 0) {
        // (255 − v)·mul + add = v·(−mul) + (255·mul + add)
        add += 255 * mul;
        mul = -mul;
      }
      const step = box.flip ? -channels : channels;
      for (let f = 0; f < t; f++) {
        const frame = frames[f]!;
        let o = offset + f * frameStride + c * channelStride;
        for (let y = 0; y < h; y++) {
          const firstX = box.flip ? box.xPx + w - 1 : box.xPx;
          let s = ((box.yPx + y) * frameW + firstX) * channels + src;
          for (let x = 0; x < w; x++, s += step) out[o++] = frame[s]! * mul + add;
        }
      }
    }
    offset += perCrop;
  }
  return offset;
}

function checkArguments(
  frames: readonly Uint8Array[],
  frameW: number,
  frameH: number,
  m: ModelManifest,
  out: Float32Array,
  offset: number,
  channels: number,
): void {
  const fail = (message: string) => {
    throw new ActionlineError('BAD_ARGUMENT', `preprocess (model ${m.id}): ${message}`);
  };
  if (frames.length !== m.framesPerSnippet) {
    fail(`got ${frames.length} frames for a snippet of ${m.framesPerSnippet}`);
  }
  const bytes = frameW * frameH * channels;
  const bad = frames.findIndex((f) => f.length !== bytes);
  if (bad >= 0)
    fail(`frame ${bad} has ${frames[bad]!.length} bytes, expected ${frameW}×${frameH}×${channels}`);
  if (m.input.widthPx > frameW || m.input.heightPx > frameH) {
    fail(
      `the ${m.input.widthPx}×${m.input.heightPx} crop does not fit in ${frameW}×${frameH} frames`,
    );
  }
  if (offset < 0 || offset + valuesPerSnippet(m) > out.length) {
    fail(
      `output has room for ${out.length - offset} values, the snippet needs ${valuesPerSnippet(m)}`,
    );
  }
}
