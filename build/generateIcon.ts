/**
 * Writes build/icon.png (512×512 RGBA), the app icon electron-builder turns into each
 * platform's format (.icns, .ico, the Linux icon set). No image tools needed: a tiny PNG
 * encoder over node:zlib draws a rounded tile with a timeline of segments and a playhead.
 * Run: `node build/generateIcon.ts` (the PNG is committed; rerun only to change the design).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

type Rgba = readonly [number, number, number, number];

function crc32(bytes: Uint8Array): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels (row-major, 4 bytes each) as a PNG. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

function drawIcon(): Uint8Array {
  const px = new Uint8Array(SIZE * SIZE * 4);
  const set = (x: number, y: number, [r, g, b, a]: Rgba) => {
    const i = (y * SIZE + x) * 4;
    px[i] = r;
    px[i + 1] = g;
    px[i + 2] = b;
    px[i + 3] = a;
  };
  const rect = (x0: number, y0: number, x1: number, y1: number, c: Rgba) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) set(x, y, c);
  };
  // Rounded tile.
  const r = 96;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const dx = Math.max(r - x, x - (SIZE - 1 - r), 0);
      const dy = Math.max(r - y, y - (SIZE - 1 - r), 0);
      if (dx * dx + dy * dy <= r * r) set(x, y, [28, 35, 51, 255]);
    }
  }
  // Three timeline tracks with segments (start, end in 1/16ths of the track).
  const tracks: [number, [number, number][], Rgba][] = [
    [
      150,
      [
        [1, 6],
        [9, 14],
      ],
      [72, 187, 120, 255],
    ],
    [240, [[3, 11]], [66, 153, 225, 255]],
    [
      330,
      [
        [0, 4],
        [7, 9],
        [12, 16],
      ],
      [237, 137, 54, 255],
    ],
  ];
  const left = 72;
  const width = SIZE - 2 * left;
  for (const [y, segments, colour] of tracks) {
    rect(left, y + 28, left + width, y + 36, [60, 70, 92, 255]);
    for (const [s, e] of segments) {
      rect(left + (s * width) / 16, y, left + (e * width) / 16 - 6, y + 64, colour);
    }
  }
  // Playhead.
  rect(300, 110, 312, 420, [245, 245, 245, 255]);
  rect(286, 96, 326, 118, [245, 245, 245, 255]);
  return px;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'icon.png');
  writeFileSync(out, encodePng(SIZE, SIZE, drawIcon()));
  console.log(`wrote ${out}`);
}
