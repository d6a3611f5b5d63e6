import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixture, mediaBytes, MEDIA_SIZE_BYTES, type Fixture } from './serverFixture.ts';
import { httpGet } from './httpGet.ts';

/** Video files under /media/<videoId>, with the Range requests a <video> element makes. */
let fx: Fixture;
let get: (path: string, range?: string) => ReturnType<typeof httpGet>;
const bytes = mediaBytes();

beforeAll(async () => {
  fx = await startFixture();
  get = (p, range) =>
    httpGet(fx.server.port, p, { cookie: fx.cookie, ...(range === undefined ? {} : { range }) });
});
afterAll(() => fx.close());

describe('media route', () => {
  it('serves the whole file, announcing range support', async () => {
    const reply = await get('/media/clip%20mp4');
    expect(reply.status).toBe(200);
    expect(reply.headers['accept-ranges']).toBe('bytes');
    expect(reply.headers['content-length']).toBe(String(MEDIA_SIZE_BYTES));
    expect(reply.body.equals(bytes)).toBe(true);
    expect(fx.resolved.at(-1)).toBe('clip mp4');
  });

  it('serves the first bytes (206, Content-Range)', async () => {
    const reply = await get('/media/clip%20mp4', 'bytes=0-9');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 0-9/${MEDIA_SIZE_BYTES}`);
    expect(reply.headers['content-length']).toBe('10');
    expect(reply.body.equals(bytes.subarray(0, 10))).toBe(true);
  });

  it('serves a suffix range', async () => {
    const reply = await get('/media/clip%20mp4', 'bytes=-100');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 900-999/${MEDIA_SIZE_BYTES}`);
    expect(reply.body.equals(bytes.subarray(900))).toBe(true);
  });

  it('serves an open-ended range', async () => {
    const reply = await get('/media/clip%20mp4', 'bytes=250-');
    expect(reply.status).toBe(206);
    expect(reply.headers['content-range']).toBe(`bytes 250-999/${MEDIA_SIZE_BYTES}`);
    expect(reply.body.equals(bytes.subarray(250))).toBe(true);
  });

  it('answers 416 with the size for a range it cannot satisfy', async () => {
    for (const range of [`bytes=${MEDIA_SIZE_BYTES}-`, 'bytes=9-3', 'bytes=x-']) {
      const reply = await get('/media/clip%20mp4', range);
      expect(reply.status, range).toBe(416);
      expect(reply.headers['content-range']).toBe(`bytes */${MEDIA_SIZE_BYTES}`);
      expect(reply.body.length).toBe(0);
    }
  });

  it('labels each container with its own Content-Type', async () => {
    const types = {
      mp4: 'video/mp4',
      webm: 'video/webm',
      mkv: 'video/x-matroska',
      mov: 'video/quicktime',
    };
    for (const [ext, type] of Object.entries(types)) {
      const reply = await get(`/media/clip%20${ext}`, 'bytes=0-0');
      expect(reply.headers['content-type'], ext).toBe(type);
      expect(reply.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('answers 404 for a videoId the resolver does not know or whose file is gone', async () => {
    expect((await get('/media/nobody')).status).toBe(404);
    expect((await get('/media/not-there')).status).toBe(404);
  });

  it('never turns the request path into a file path', async () => {
    // An id with a slash is not one segment; an encoded one reaches the resolver as an id.
    expect((await get('/media/a/b')).status).toBe(404);
    expect((await get('/media/..%2F..%2Fsecret.txt')).status).toBe(403);
    expect((await get('/media/%2e%2e')).status).toBe(403);
    expect(fx.resolved).not.toContain('../../secret.txt');
    expect(fx.resolved).not.toContain('..');
  });
});
