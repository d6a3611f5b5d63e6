import { describe, expect, it } from 'vitest';
import { cutsFromHits, parseSceneHits } from '../../../../main/video/shotCuts.ts';

describe('shot cut parsing', () => {
  it('reads pts_time and score pairs from metadata=print', () => {
    const text =
      'frame:0    pts:25      pts_time:1\nlavfi.scene_score=1.000000\n' +
      'frame:1    pts:51      pts_time:2.04\nlavfi.scene_score=0.412000\n';
    expect(parseSceneHits(text)).toEqual([
      { timeSec: 1, score: 1 },
      { timeSec: 2.04, score: 0.412 },
    ]);
  });

  it('drops time zero and keeps the strongest of hits closer than the gap', () => {
    const hits = [
      { timeSec: 0, score: 0.9 },
      { timeSec: 1, score: 0.5 },
      { timeSec: 1.04, score: 0.8 },
      { timeSec: 3, score: 0.6 },
      { timeSec: 2, score: 0.4 },
    ];
    expect(cutsFromHits(hits, 0.25)).toEqual([1.04, 2, 3]);
  });
});
