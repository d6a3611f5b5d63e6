import { describe, expect, it } from 'vitest';
import { nextVideoToReview, sortVideos } from '../../../../renderer/src/lib/videoOrder.ts';
import type { ReviewStatus } from '../../../../shared/project/types.ts';

const row = (id: string, reviewStatus: ReviewStatus, unsure: number | null = null) => ({
  id,
  reviewStatus,
  headUncertainty: unsure === null ? null : { value: unsure, head: 'h', runId: 9 },
});
const ids = (list: { id: string }[]) => list.map((v) => v.id);

describe('next video to review', () => {
  it('without a head’s scores: the first not reviewed, or the next after the current', () => {
    const videos = [row('a', 'reviewed'), row('b', 'in_progress'), row('c', 'unreviewed')];
    expect(nextVideoToReview(videos, null)?.id).toBe('b');
    expect(nextVideoToReview(videos, 'b')?.id).toBe('c');
    // As before: nothing after the last one, even with an open video before it.
    expect(nextVideoToReview(videos, 'c')).toBeNull();
  });

  it('with them: the unreviewed video the head is least sure of, wherever it is', () => {
    const videos = [
      row('a', 'unreviewed', 0.2),
      row('b', 'reviewed', 0.9),
      row('c', 'unreviewed', 0.6),
      row('d', 'unreviewed'),
    ];
    expect(nextVideoToReview(videos, null)?.id).toBe('c');
    expect(nextVideoToReview(videos, 'c')?.id).toBe('a');
    expect(nextVideoToReview(videos, 'a')?.id).toBe('c');
    // Only unscored ones left: the project's order again.
    expect(nextVideoToReview([row('x', 'reviewed', 0.1), row('y', 'unreviewed')], 'x')?.id).toBe(
      'y',
    );
  });

  it('none when every video is reviewed', () => {
    expect(nextVideoToReview([row('a', 'reviewed', 0.5)], null)).toBeNull();
  });
});

describe('sorting the project view', () => {
  const videos = [row('a', 'unreviewed'), row('b', 'unreviewed', 0.3), row('c', 'reviewed', 0.7)];

  it('keeps the order videos were added in, or puts the least sure first, unscored last', () => {
    expect(ids(sortVideos(videos, 'added'))).toEqual(['a', 'b', 'c']);
    expect(ids(sortVideos(videos, 'uncertainty'))).toEqual(['c', 'b', 'a']);
  });

  it('keeps ties in the project’s order', () => {
    const tied = [row('a', 'unreviewed', 0.5), row('b', 'unreviewed', 0.5)];
    expect(ids(sortVideos(tied, 'uncertainty'))).toEqual(['a', 'b']);
  });
});
