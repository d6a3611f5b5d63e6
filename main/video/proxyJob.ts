import { ActionlineError, toErrorInfo } from '../base/errors.ts';
import { makeProxy, type ContainerFacts } from './proxy.ts';
import type { VideoInfo } from './videoInfo.ts';

/**
 * One proxy transcode (proxyManager.ts starts them, one per video), shared by whoever waits
 * for it: it runs while someone waits (or while pinned) and stops when the last waiter leaves.
 */

export interface ProxyJob {
  original: string;
  proxyPath: string;
  controller: AbortController;
  waiters: number;
  listeners: Set<(fraction: number) => void>;
  done: Promise<void>;
}

/** What the manager hears of a transcode: its status changes. */
export interface TranscodeEvents {
  /** Progress, at most every 1% and never the end (`ready` says that). */
  making(fraction: number): void;
  /** The proxy is complete at its path. */
  ready(): Promise<void>;
  /** It stopped: cancelled (`cancelled`) or failed (`message`). */
  ended(end: { cancelled: true } | { cancelled: false; message: string }): void;
}

export function startTranscode(
  original: string,
  info: VideoInfo,
  container: ContainerFacts,
  proxyPath: string,
  /** 1 for a transcode nobody may cancel but cancelAll (one the UI started). */
  pinned: 0 | 1,
  events: TranscodeEvents,
): ProxyJob {
  const controller = new AbortController();
  const listeners = new Set<(fraction: number) => void>();
  let reported = 0;
  const done = makeProxy(info, container, proxyPath, {
    signal: controller.signal,
    onProgress: (fraction) => {
      for (const listener of listeners) listener(fraction);
      if (fraction - reported >= 0.01 && fraction < 1) {
        reported = fraction;
        events.making(fraction);
      }
    },
  }).then(
    () => events.ready(),
    (err: unknown) => {
      const info = toErrorInfo(err);
      events.ended(
        info.code === 'CANCELLED'
          ? { cancelled: true }
          : { cancelled: false, message: info.message },
      );
      throw err;
    },
  );
  return { original, proxyPath, controller, waiters: pinned, listeners, done };
}

/**
 * Waits for the transcode to end, hearing its progress; a caller whose signal aborts stops
 * waiting (CANCELLED), and the transcode stops with the last waiter.
 */
export async function waitForTranscode(
  job: ProxyJob,
  opts: { onProgress?: ((fraction: number) => void) | undefined; signal?: AbortSignal | undefined },
): Promise<void> {
  const { signal, onProgress } = opts;
  if (signal?.aborted) throw new ActionlineError('CANCELLED', 'cancelled', job.original);
  job.waiters++;
  if (onProgress) job.listeners.add(onProgress);
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      job.done,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(new ActionlineError('CANCELLED', 'cancelled', job.original));
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    if (onProgress) job.listeners.delete(onProgress);
    job.waiters--;
    if (job.waiters === 0 && signal?.aborted) job.controller.abort();
  }
}
