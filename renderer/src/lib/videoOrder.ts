import type { VideoSummary } from '../../../shared/project/views.ts';

/**
 * Which video to review next and how the project view orders its rows (issue 26, item 6).
 * Once a head has scored unreviewed videos, "next" is the one it is least sure of
 * (VideoSummary.headUncertainty): reviewing it teaches the next head most. Without a head's
 * scores the order is the project's, as before: the first not reviewed (Enter), or the next
 * one after the video just reviewed (Ctrl+Enter).
 */

type Row = Pick<VideoSummary, 'id' | 'reviewStatus' | 'headUncertainty'>;

export type VideoSort = 'added' | 'uncertainty';

/** The video to review after `currentId` (null: from the project view). */
export function nextVideoToReview<V extends Row>(
  videos: readonly V[],
  currentId: string | null,
): V | null {
  const open = videos.filter((v) => v.reviewStatus !== 'reviewed' && v.id !== currentId);
  const scored = open.filter((v) => v.headUncertainty !== null);
  if (scored.length > 0) return byUncertainty(scored)[0]!;
  if (currentId === null) return open[0] ?? null;
  const at = videos.findIndex((v) => v.id === currentId);
  return videos.slice(at + 1).find((v) => v.reviewStatus !== 'reviewed') ?? null;
}

/** The rows in the order asked: as added, or least sure first (unscored last, as added). */
export function sortVideos<V extends Row>(videos: readonly V[], sort: VideoSort): V[] {
  if (sort === 'added') return [...videos];
  return byUncertainty(videos);
}

/** Least sure first; videos no head scored after them; ties keep the project's order. */
function byUncertainty<V extends Row>(videos: readonly V[]): V[] {
  const value = (v: V) => v.headUncertainty?.value ?? -Infinity;
  return videos
    .map((v, i) => ({ v, i }))
    .sort((a, b) => value(b.v) - value(a.v) || a.i - b.i)
    .map(({ v }) => v);
}
