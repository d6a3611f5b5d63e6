/**
 * The held-out split, by whole videos: neighbouring snippets of one video are nearly the same,
 * so holding out single snippets would measure memory, not the head.
 */
import { ActionlineError } from '../base/errors.ts';
import { shuffle } from './shuffle.ts';

export interface VideoSplit {
  /** Indices into the set's videos, ascending. */
  train: number[];
  heldOut: number[];
}

/** Holds out round(videoCount × fraction) videos, at least one, leaving at least one. */
export function splitByVideo(
  videoCount: number,
  heldOutFraction: number,
  random: () => number,
): VideoSplit {
  if (videoCount < 2) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `cannot split ${videoCount} video(s) into training and held-out: it needs at least two`,
    );
  }
  const heldOutCount = Math.min(
    videoCount - 1,
    Math.max(1, Math.round(videoCount * heldOutFraction)),
  );
  const order = Array.from({ length: videoCount }, (_, i) => i);
  shuffle(order, random);
  const ascending = (a: number, b: number): number => a - b;
  return {
    heldOut: order.slice(0, heldOutCount).sort(ascending),
    train: order.slice(heldOutCount).sort(ascending),
  };
}
