/**
 * Viridis, the perceptually uniform colour map (matplotlib's), as a 256-entry RGBA lookup
 * table interpolated from ten anchors: dark = low score, yellow = high, readable in grey.
 */
const VIRIDIS_ANCHORS = [
  0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b,
  0xfde725,
];

function buildLut(anchors: readonly number[]): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  const last = anchors.length - 1;
  for (let i = 0; i < 256; i++) {
    const position = (i / 255) * last;
    const k = Math.min(Math.floor(position), last - 1);
    const f = position - k;
    const a = anchors[k]!;
    const b = anchors[k + 1]!;
    for (let channel = 0; channel < 3; channel++) {
      const shift = 16 - 8 * channel;
      const from = (a >> shift) & 0xff;
      const to = (b >> shift) & 0xff;
      lut[i * 4 + channel] = Math.round(from + (to - from) * f);
    }
    lut[i * 4 + 3] = 255;
  }
  return lut;
}

/** RGBA bytes of entry i at [4i, 4i + 4). */
export const VIRIDIS_LUT: Uint8ClampedArray = buildLut(VIRIDIS_ANCHORS);

/** LUT entry for a value in [0, 1] (clamped; NaN maps to 0). */
export function colormapIndex(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return 255;
  return Math.round(value * 255);
}

/** "#rrggbb" of a value in [0, 1]: for legends and the score curve. */
export function viridisHex(value: number): string {
  const i = colormapIndex(value) * 4;
  let hex = '#';
  for (let channel = 0; channel < 3; channel++) {
    hex += VIRIDIS_LUT[i + channel]!.toString(16).padStart(2, '0');
  }
  return hex;
}
