import type { ReviewCostPoint } from '../../shared/eval/learningCurve.ts';

/**
 * The reviewed videos as the learning curve's cost series: in the order they were marked
 * reviewed (those with no such time last, in the project's order), numbered from 1, with
 * actions per minute of video where the editor recorded any (a video imported as reviewed
 * cost nothing the app saw: no rate).
 */
export interface ReviewedVideo {
  videoId: string;
  /** Its place in the project (videos.position). */
  position: number;
  reviewedAt: string | null;
  durationSec: number | null;
  actions: number;
  activeMs: number;
}

export function reviewCostSeries(videos: readonly ReviewedVideo[]): ReviewCostPoint[] {
  return [...videos]
    .sort(
      (a, b) =>
        (a.reviewedAt === null ? 1 : 0) - (b.reviewedAt === null ? 1 : 0) ||
        (a.reviewedAt ?? '').localeCompare(b.reviewedAt ?? '') ||
        a.position - b.position,
    )
    .map((v, i) => ({
      order: i + 1,
      videoId: v.videoId,
      reviewedAt: v.reviewedAt,
      durationSec: v.durationSec,
      actions: v.actions,
      activeSec: v.activeMs / 1000,
      actionsPerMin:
        v.actions > 0 && v.durationSec !== null && v.durationSec > 0
          ? v.actions / (v.durationSec / 60)
          : null,
    }));
}
