/**
 * IEEE 754 half-precision bits to numbers, by a 65,536-entry table (256 KB, made once): a
 * training pass decodes every feature value several times an epoch, and a table lookup is the
 * cheapest way to do it in JavaScript. Written out by hand rather than through Float16Array so
 * that the bits' meaning is visible and tested here.
 */

/** The value of one float16 bit pattern: sign, 5-bit exponent (bias 15), 10-bit fraction. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

let table: Float32Array | null = null;

/** Every half's value as float32 (exact: every half is a float32), indexed by its bits. */
export function halfTable(): Float32Array {
  if (!table) {
    table = new Float32Array(65536);
    for (let bits = 0; bits < 65536; bits++) table[bits] = halfToFloat(bits);
  }
  return table;
}

/** `count` halves from `half[offset]` on, decoded into `out[0…count)`. */
export function decodeHalves(
  half: Uint16Array,
  offset: number,
  count: number,
  out: Float32Array | Float64Array,
): void {
  const t = halfTable();
  for (let i = 0; i < count; i++) out[i] = t[half[offset + i]!]!;
}
