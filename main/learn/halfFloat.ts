/**
 * IEEE 754 half-precision bits to numbers, by a 65,536-entry table (256 KB, made once): a
 * training pass decodes every feature value several times an epoch, and a table lookup is the
 * cheapest way to do it in JavaScript. The values are the platform's own (Float16Array, as the
 * store's scoreBlobs.ts decodes them).
 */

let table: Float32Array | null = null;

/** Every half's value as float32 (exact: every half is a float32), indexed by its bits. */
export function halfTable(): Float32Array {
  if (!table) {
    const bits = Uint16Array.from({ length: 65536 }, (_, i) => i);
    table = Float32Array.from(new Float16Array(bits.buffer));
  }
  return table;
}
