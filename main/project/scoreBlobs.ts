/**
 * Snippet scores as BLOBs: little-endian float32, or float16 (IEEE 754 half, round to
 * nearest even) where a project trades precision (~3 significant digits) for half the size.
 * Typed arrays use the host's byte order; every platform Actionline ships for (x64, arm64)
 * is little-endian.
 */

export type ScoreDtype = 'float32' | 'float16';

export function encodeFloat64(values: Float64Array): Uint8Array {
  return new Uint8Array(Float64Array.from(values).buffer);
}

export function decodeFloat64(bytes: Uint8Array): Float64Array {
  return new Float64Array(copyAligned(bytes).buffer);
}

export function encodeScores(values: Float32Array, dtype: ScoreDtype): Uint8Array {
  // Float16Array rounds to nearest even, as IEEE 754 (and the earlier hand-written code) does.
  const typed = dtype === 'float32' ? Float32Array.from(values) : Float16Array.from(values);
  return new Uint8Array(typed.buffer);
}

export function decodeScores(bytes: Uint8Array, dtype: ScoreDtype): Float32Array {
  const aligned = copyAligned(bytes);
  if (dtype === 'float32') return new Float32Array(aligned.buffer);
  return Float32Array.from(new Float16Array(aligned.buffer));
}

/** IEEE float16 bits of float32 values, rounded to nearest even (past ±65504: ±Infinity). */
export function float16Bits(values: Float32Array): Uint16Array {
  return new Uint16Array(Float16Array.from(values).buffer);
}

/** SQLite hands back Uint8Arrays at any offset; typed-array views need aligned copies. */
function copyAligned(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
