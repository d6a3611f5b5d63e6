import { describe, expect, it } from 'vitest';
import { reviewCostSeries, type ReviewedVideo } from '../../../../main/eval/reviewCostSeries.ts';

const video = (videoId: string, over: Partial<ReviewedVideo>): ReviewedVideo => ({
  videoId,
  position: 0,
  reviewedAt: null,
  durationSec: 60,
  actions: 0,
  activeMs: 0,
  ...over,
});

describe('reviewCostSeries', () => {
  it('numbers the reviewed videos in the order they were marked reviewed', () => {
    const series = reviewCostSeries([
      video('b', { position: 1, reviewedAt: '2026-12-08T10:05:00.000Z' }),
      video('a', { position: 0, reviewedAt: '2026-12-08T10:09:00.000Z' }),
      video('c', { position: 2, reviewedAt: '2026-12-08T10:01:00.000Z' }),
    ]);
    expect(series.map((p) => [p.order, p.videoId])).toEqual([
      [1, 'c'],
      [2, 'b'],
      [3, 'a'],
    ]);
  });

  it('puts videos with no time of review (imported as reviewed) last, in the project’s order', () => {
    const series = reviewCostSeries([
      video('late', { position: 0 }),
      video('early', { position: 5, reviewedAt: '2026-12-08T10:00:00.000Z' }),
      video('later', { position: 1 }),
    ]);
    expect(series.map((p) => p.videoId)).toEqual(['early', 'late', 'later']);
  });

  it('gives actions per minute of video, none where nothing was recorded or no duration', () => {
    const [half, none, noDuration] = reviewCostSeries([
      video('half', { position: 0, durationSec: 30, actions: 12, activeMs: 45_000 }),
      video('none', { position: 1, durationSec: 30 }),
      video('noDuration', { position: 2, durationSec: null, actions: 3 }),
    ]);
    expect(half).toMatchObject({ actionsPerMin: 24, actions: 12, activeSec: 45 });
    expect(none!.actionsPerMin).toBeNull();
    expect(noDuration!.actionsPerMin).toBeNull();
  });
});
