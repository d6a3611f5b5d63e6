import { describe, expect, it } from 'vitest';
import { mediaVideoId } from '../../../../main/electron/mediaRequest.ts';
import { rendererSource } from '../../../../main/electron/rendererSource.ts';

describe('the desktop window page', () => {
  it('comes from the dev server only in an unpackaged app, and only from this machine', () => {
    const dev = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(rendererSource(dev, false)).toEqual({ kind: 'url', url: 'http://localhost:5173/' });
    expect(rendererSource(dev, true)).toEqual({ kind: 'file' });
    expect(rendererSource({}, false)).toEqual({ kind: 'file' });
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'https://evil.example/' }, false)).toEqual({
      kind: 'file',
    });
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'file:///tmp/x.html' }, false)).toEqual({
      kind: 'file',
    });
    expect(rendererSource({ ELECTRON_RENDERER_URL: 'not a url' }, false)).toEqual({ kind: 'file' });
  });
});

describe('an actionline-media:// request', () => {
  it('names one video id, percent-decoded, and a malformed one names none', () => {
    expect(mediaVideoId('actionline-media://video/v_abc%20d')).toBe('v_abc d');
    expect(mediaVideoId('actionline-media://video/%E0%A4%A')).toBeNull(); // threw before
    expect(mediaVideoId('actionline-media://video/a/b')).toBeNull();
    expect(mediaVideoId('actionline-media://video/')).toBeNull();
  });
});
