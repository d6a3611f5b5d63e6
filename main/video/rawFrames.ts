import type { Readable } from 'node:stream';

/** Cuts a byte stream into frames of `frameBytes`, each filled into an array from `take`. */
export async function* readFrames(
  stream: Readable,
  frameBytes: number,
  take: () => Uint8Array,
): AsyncGenerator<Uint8Array> {
  let frame = take();
  let filled = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < piece.length) {
      const n = Math.min(frameBytes - filled, piece.length - offset);
      frame.set(piece.subarray(offset, offset + n), filled);
      filled += n;
      offset += n;
      if (filled === frameBytes) {
        yield frame;
        frame = take();
        filled = 0;
      }
    }
  }
}
