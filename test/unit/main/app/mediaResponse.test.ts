import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaResponse } from '../../../../main/app/mediaResponse.ts';

/** The Electron shell's media answers, on a real file (no Electron needed: it is a Response). */
const dir = mkdtempSync(path.join(tmpdir(), 'actionline-media-'));
const file = path.join(dir, 'clip.mp4');
writeFileSync(file, Buffer.from(Array.from({ length: 100 }, (_, i) => i)));

describe('mediaResponse', () => {
  it('serves the whole file with its type and Accept-Ranges', async () => {
    const res = await mediaResponse(file, null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('video/mp4');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(new Uint8Array(await res.arrayBuffer())).toHaveLength(100);
  });

  it('serves a byte range as 206 with Content-Range', async () => {
    const res = await mediaResponse(file, 'bytes=10-19');
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 10-19/100');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([
      10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
    ]);
  });

  it('answers 416 past the end and 404 for no file', async () => {
    expect((await mediaResponse(file, 'bytes=200-')).status).toBe(416);
    expect((await mediaResponse(path.join(dir, 'gone.mp4'), null)).status).toBe(404);
    expect((await mediaResponse(undefined, null)).status).toBe(404);
  });
});
