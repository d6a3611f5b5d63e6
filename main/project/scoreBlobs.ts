/**
 * Snippet scores as BLOBs: little-endian float32, or float16 (IEEE 754 half, round to
 * nearest even) where a project trades precision (~3 significant digits) for half the size.
 */

export type ScoreDtype = 'float32' | 'float16';

export function encodeFloat64(values: Float64Array): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  return new Float64Array(copyAligned(bytes).buffer);
}

export function encodeScores(values: Float32Array, dtype: ScoreDtype): Uint8Array {
  if (dtype === 'float32') return new Uint8Array(Float32Array.from(values).buffer);
  const halves = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) halves[i] = toHalf(values[i]!);
  return new Uint8Array(halves.buffer);
}

export function decodeScores(bytes: Uint8Array, dtype: ScoreDtype): Float32Array {
  const aligned = copyAligned(bytes);
  if (dtype === 'float32') return new Float32Array(aligned.buffer);
  const halves = new Uint16Array(aligned.buffer);
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) out[i] = fromHalf(halves[i]!);
  return out;
}

/** SQLite hands back Uint8Arrays at any offset; typed-array views need aligned copies. */
function copyAligned(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function toHalf(value: number): number {
  f32[0] = value;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0); // Inf / NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (half + (rest > halfway || (rest === halfway && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Carry into the exponent is correct rounding (it may round up to Inf).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

function fromHalf(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >>> 10) & 0x1f;
  const mantissa = half & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}
