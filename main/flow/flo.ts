import type { FlowField } from './tvl1.ts';

/**
 * The Middlebury .flo format: 'PIEH' (the float 202021.25 little-endian), width and height
 * as int32, then float32 (u, v) pairs row by row, all little-endian.
 */
export const FLO_MAGIC = 202021.25;

export function encodeFlo(flow: FlowField): Uint8Array {
  const n = flow.width * flow.height;
  const bytes = new Uint8Array(12 + 8 * n);
  const view = new DataView(bytes.buffer);
  view.setFloat32(0, FLO_MAGIC, true);
  view.setInt32(4, flow.width, true);
  view.setInt32(8, flow.height, true);
  for (let i = 0; i < n; i++) {
    view.setFloat32(12 + 8 * i, flow.u[i]!, true);
    view.setFloat32(16 + 8 * i, flow.v[i]!, true);
  }
  return bytes;
}

export function decodeFlo(bytes: Uint8Array): FlowField {
  if (bytes.length < 12) throw new RangeError('.flo file too short for its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getFloat32(0, true) !== FLO_MAGIC)
    throw new RangeError(".flo file without the 'PIEH' magic");
  const width = view.getInt32(4, true);
  const height = view.getInt32(8, true);
  if (width <= 0 || height <= 0 || width * height > 1e8)
    throw new RangeError(`.flo file with an invalid size ${width}×${height}`);
  const n = width * height;
  if (bytes.length !== 12 + 8 * n)
    throw new RangeError(
      `.flo file of ${bytes.length} bytes; ${width}×${height} needs ${12 + 8 * n}`,
    );
  const u = new Float32Array(n);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    u[i] = view.getFloat32(12 + 8 * i, true);
    v[i] = view.getFloat32(16 + 8 * i, true);
  }
  return { width, height, u, v };
}
