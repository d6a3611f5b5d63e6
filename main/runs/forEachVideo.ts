/**
 * Runs a step over videos in order, with at most `lookahead` further videos started while
 * the oldest is unfinished (0: one at a time), and reports each outcome in video order. A
 * failing video is reported and the others go on; once `signal` is aborted no new video
 * starts, and the ones started are still reported.
 */

/**
 * What a model run passes as `lookahead`: the analysis host sends a video to its worker once
 * the one before has decoded (host/forkedHost.ts), so the next video must already
 * be waiting there; and a video's edge refinement then follows it rather than idling the
 * decoder. One is enough: the host runs no more than two jobs at once.
 */
export const VIDEOS_AHEAD = 1;

export type StepOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export async function forEachVideo<V, R>(
  videos: readonly V[],
  step: (video: V, index: number) => Promise<R>,
  opts: {
    lookahead?: number;
    signal?: AbortSignal;
    onSettled: (video: V, index: number, outcome: StepOutcome<R>) => void;
  },
): Promise<void> {
  const lookahead = Math.max(0, Math.floor(opts.lookahead ?? 0));
  const inFlight: { index: number; outcome: Promise<StepOutcome<R>> }[] = [];
  const settleOldest = async () => {
    const oldest = inFlight.shift()!;
    opts.onSettled(videos[oldest.index]!, oldest.index, await oldest.outcome);
  };
  for (const [index, video] of videos.entries()) {
    while (inFlight.length > lookahead) await settleOldest();
    if (opts.signal?.aborted) break;
    const outcome = step(video, index).then(
      (value): StepOutcome<R> => ({ ok: true, value }),
      (error: unknown): StepOutcome<R> => ({ ok: false, error }),
    );
    inFlight.push({ index, outcome });
  }
  while (inFlight.length > 0) await settleOldest();
}
