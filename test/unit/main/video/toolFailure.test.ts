import { describe, expect, it } from 'vitest';
import { describeStderr } from '../../../../main/video/toolFailure.ts';

describe('describeStderr', () => {
  it('keeps the last two distinct lines without the file path or demuxer prefix', () => {
    const lines = [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x2b588200] moov atom not found',
      '/data/a.mp4: Invalid data found when processing input',
    ];
    expect(describeStderr('/data/a.mp4', lines)).toBe(
      'moov atom not found; Invalid data found when processing input',
    );
  });
});
