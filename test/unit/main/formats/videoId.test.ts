import { describe, expect, it } from 'vitest';
import { assertUniqueVideoIds, videoIdFromPath } from '../../../../main/formats/videoId.ts';

describe('videoIdFromPath', () => {
  it('is the file name without its last extension, kept as it is', () => {
    expect(videoIdFromPath('/data/anet/v_bYUmtLBL7W4.mp4')).toBe('v_bYUmtLBL7W4');
    expect(videoIdFromPath('/data/anet/bYUmtLBL7W4.mkv')).toBe('bYUmtLBL7W4');
    expect(videoIdFromPath('clips/Take.Two.MOV')).toBe('Take.Two');
    expect(videoIdFromPath('clips/noext')).toBe('noext');
  });
});

describe('assertUniqueVideoIds', () => {
  it('accepts distinct ids (case matters: ids are exact strings)', () => {
    expect(() => assertUniqueVideoIds(['/a/x.mp4', '/a/X.mp4', '/b/v_x.mp4'])).not.toThrow();
  });

  it('names both files on a duplicate', () => {
    let caught: unknown;
    try {
      assertUniqueVideoIds(['/a/x.mp4', '/a/y.mp4', '/b/x.mkv']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ code: 'BAD_ARGUMENT' });
    expect((caught as Error).message).toContain('/a/x.mp4 and /b/x.mkv both have video id "x"');
  });
});
