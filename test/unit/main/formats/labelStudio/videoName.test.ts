import { describe, expect, it } from 'vitest';
import {
  videoFileName,
  withoutUploadPrefix,
} from '../../../../../main/formats/labelStudio/videoName.ts';

describe('videoFileName', () => {
  it('takes the last path segment of uploads, local files, storage and web URLs', () => {
    expect(videoFileName('/data/upload/8/1fd99634-WhatsApp_Video_2021-07-01_at_18.54.09.mp4')).toBe(
      '1fd99634-WhatsApp_Video_2021-07-01_at_18.54.09.mp4',
    );
    expect(videoFileName('/data/local-files/?d=videos/sub/clip%201.mp4')).toBe('clip 1.mp4');
    expect(videoFileName('s3://bucket/a/b/clip.mkv')).toBe('clip.mkv');
    expect(videoFileName('https://host/x/clip.mp4?X-Amz-Signature=abc#t=3')).toBe('clip.mp4');
    expect(videoFileName('C:\\videos\\clip.avi')).toBe('clip.avi');
    expect(videoFileName('clip.mp4')).toBe('clip.mp4');
  });

  it('keeps text that is no valid percent escape, and gives "" where there is no name', () => {
    expect(videoFileName('/a/100%.mp4')).toBe('100%.mp4');
    expect(videoFileName('/')).toBe('');
    expect(videoFileName('')).toBe('');
  });
});

describe('withoutUploadPrefix', () => {
  it("removes Label Studio's 8-hex-digit upload prefix, and only that", () => {
    expect(withoutUploadPrefix('1a2b3c4d-clip.mp4')).toBe('clip.mp4');
    expect(withoutUploadPrefix('1a2b3c4d-')).toBeNull();
    expect(withoutUploadPrefix('1A2B3C4D-clip.mp4')).toBeNull();
    expect(withoutUploadPrefix('1a2b3c4-clip.mp4')).toBeNull();
    expect(withoutUploadPrefix('clip.mp4')).toBeNull();
  });
});
