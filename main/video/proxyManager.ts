import { existsSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import path from 'node:path';
import type { PreparedMedia } from '../../shared/ipc/contract.ts';
import { toErrorInfo } from '../base/errors.ts';
import { userCacheDir } from '../base/paths.ts';
import { pruneCache } from './cachePrune.ts';
import { playability, type Playability } from './playability.ts';
import { ProbeCache, type ProbedFile } from './probeCache.ts';
import { mediaFacts, proxyFileFor, type ContainerFacts } from './proxy.ts';
import { startTranscode, waitForTranscode, type ProxyJob } from './proxyJob.ts';
import type { VideoInfo } from './videoInfo.ts';

/**
 * 'none': the original plays as it is (or nothing was asked yet); 'making': a proxy is being
 * transcoded (see fraction); 'ready': the proxy is served instead of the original; 'failed':
 * the transcode failed (see message).
 */
export type ProxyState = 'none' | 'making' | 'ready' | 'failed';

export interface ProxyStatus {
  videoId: string;
  state: ProxyState;
  /** Transcode progress in [0, 1]; 1 when ready, 0 when none. */
  fraction: number;
  message?: string;
}

export interface EnsurePlayableOptions {
  onProgress?: ((fraction: number) => void) | undefined;
  /** Stops this caller's wait; the transcode itself stops once no caller waits for it. */
  signal?: AbortSignal | undefined;
}

export interface ProxyManagerOptions {
  /** Proxies go to `<cacheDir>/proxies` (default: the user's cache folder). */
  cacheDir?: string;
  /** Told of every state change and of progress (at most every 1%). */
  onStatus?: (status: ProxyStatus) => void;
  /** The proxies folder is kept under this size, the proxies used longest ago out first. */
  maxBytes?: number;
}

/** 20 GiB: about 70 hours of 720p proxy; a proxy in use is never removed. */
export const DEFAULT_PROXY_CACHE_BYTES = 20 * 1024 ** 3;

interface Entry {
  status: ProxyStatus;
  /** The original the status is about (a video can be relinked to another file). */
  original: string;
  /** Set when state is 'ready'. */
  proxyPath?: string;
}

/**
 * Makes sure each video has something the player can decode: the original when it plays as
 * it is, else a proxy transcoded once into the cache folder. One transcode at a time per
 * video; callers asking while it runs share it.
 */
export class ProxyManager {
  readonly proxiesDir: string;
  readonly maxBytes: number;
  #onStatus: ((status: ProxyStatus) => void) | undefined;
  #entries = new Map<string, Entry>();
  #jobs = new Map<string, ProxyJob>();
  #probes = new ProbeCache();
  /**
   * Originals the player failed to decode although they looked playable (a damaged slice
   * stops the browser's decoder, not ffmpeg's): from then on they are served as proxies.
   */
  #undecodable = new Set<string>();

  constructor(options: ProxyManagerOptions = {}) {
    this.proxiesDir = path.join(options.cacheDir ?? userCacheDir(), 'proxies');
    this.maxBytes = options.maxBytes ?? DEFAULT_PROXY_CACHE_BYTES;
    this.#onStatus = options.onStatus;
  }

  status(videoId: string): ProxyStatus {
    return this.#entries.get(videoId)?.status ?? { videoId, state: 'none', fraction: 0 };
  }

  /** The file to serve for a video: its proxy when one is ready for this original, else the original. */
  mediaPath(videoId: string, originalPath: string): string {
    const entry = this.#entries.get(videoId);
    if (entry?.status.state === 'ready' && entry.original === path.resolve(originalPath)) {
      if (entry.proxyPath) touch(entry.proxyPath); // used now: the last to be pruned
      return entry.proxyPath ?? originalPath;
    }
    return originalPath;
  }

  /** Probes a file once per (path, size, mtime): VideoInfo and the container facts. */
  probe(filePath: string): Promise<ProbedFile> {
    return this.#probes.probe(filePath);
  }

  /** Whether the original plays as it is, and why not. */
  async playability(filePath: string): Promise<Playability> {
    const { info, container } = await this.probe(filePath);
    return playability(mediaFacts(info, container));
  }

  /**
   * For the UI: returns at once with the state, starting a transcode in the background when
   * one is needed (progress and the end arrive through onStatus). A failed one is retried.
   */
  async prepare(
    videoId: string,
    filePath: string,
    opts: { playerFailed?: boolean } = {},
  ): Promise<ProxyStatus> {
    try {
      const { info, container } = await this.probe(filePath);
      if (opts.playerFailed) this.#undecodable.add(path.resolve(filePath));
      const decision = playability(mediaFacts(info, container));
      if (decision.playable && !this.#undecodable.has(path.resolve(filePath))) {
        return this.#set(videoId, filePath, { state: 'none', fraction: 0 });
      }
      const proxyPath = await proxyFileFor(this.proxiesDir, filePath);
      if (existsSync(proxyPath)) {
        return this.#set(videoId, filePath, { state: 'ready', fraction: 1 }, proxyPath);
      }
      const job = this.#jobs.get(videoId);
      if (!job || job.proxyPath !== proxyPath) {
        job?.controller.abort();
        // Runs to the end whoever else waits and leaves; a failure lands in the status.
        this.#startJob(videoId, path.resolve(filePath), info, container, proxyPath, 1);
      }
      return this.status(videoId);
    } catch (err) {
      return this.#set(videoId, filePath, {
        state: 'failed',
        fraction: 0,
        message: toErrorInfo(err).message,
      });
    }
  }

  /**
   * prepare() plus what `<video src>` should load: `mediaUrl` itself for the original (the
   * media route serves the proxy behind the same URL once it is ready), `mediaUrl?proxy=<name>`
   * when the proxy is ready (a new URL, so an element that failed on the original reloads),
   * null while the proxy is being made.
   */
  async prepareMedia(
    videoId: string,
    filePath: string,
    mediaUrl: string,
    opts: { playerFailed?: boolean } = {},
  ): Promise<PreparedMedia> {
    const status = await this.prepare(videoId, filePath, opts);
    const proxyPath = this.#entries.get(videoId)?.proxyPath;
    const url =
      status.state === 'making'
        ? null
        : status.state === 'ready' && proxyPath
          ? `${mediaUrl}?proxy=${path.basename(proxyPath, '.mp4')}`
          : mediaUrl;
    return { ...status, mediaUrl: url };
  }

  /** Resolves with the file to play once there is one: the original, or the finished proxy. */
  async ensurePlayable(
    videoId: string,
    filePath: string,
    info: VideoInfo,
    opts: EnsurePlayableOptions = {},
  ): Promise<{ mediaPath: string; proxied: boolean }> {
    const original = path.resolve(filePath);
    const { container } = await this.probe(original);
    if (playability(mediaFacts(info, container)).playable) {
      this.#set(videoId, original, { state: 'none', fraction: 0 });
      return { mediaPath: original, proxied: false };
    }
    const proxyPath = await proxyFileFor(this.proxiesDir, original);
    let job = this.#jobs.get(videoId);
    if (!job || job.proxyPath !== proxyPath) {
      if (existsSync(proxyPath)) {
        this.#set(videoId, original, { state: 'ready', fraction: 1 }, proxyPath);
        return { mediaPath: proxyPath, proxied: true };
      }
      job?.controller.abort();
      job = this.#startJob(videoId, original, info, container, proxyPath, 0);
    }
    await waitForTranscode(job, opts);
    return { mediaPath: proxyPath, proxied: true };
  }

  /** Removes the proxies used longest ago until the folder fits maxBytes (none in use). */
  prune(): Promise<string[]> {
    const inUse = new Set<string>();
    for (const e of this.#entries.values()) if (e.proxyPath) inUse.add(e.proxyPath);
    for (const j of this.#jobs.values()) inUse.add(j.proxyPath);
    return pruneCache(this.proxiesDir, this.maxBytes, inUse);
  }

  /** Stops every transcode (closing the app); waiting callers get CANCELLED. */
  cancelAll(): void {
    for (const job of this.#jobs.values()) job.controller.abort();
  }

  /** Starts a video's transcode; it is the video's job until it ends. */
  #startJob(
    videoId: string,
    original: string,
    info: VideoInfo,
    container: ContainerFacts,
    proxyPath: string,
    /** 1 for a transcode nobody may cancel but cancelAll (one the UI started). */
    pinned: 0 | 1,
  ): ProxyJob {
    this.#set(videoId, original, { state: 'making', fraction: 0 });
    const job = startTranscode(original, info, container, proxyPath, pinned, {
      making: (fraction) => void this.#set(videoId, original, { state: 'making', fraction }),
      ready: async () => {
        this.#set(videoId, original, { state: 'ready', fraction: 1 }, proxyPath);
        await this.prune();
      },
      ended: (end) =>
        void this.#set(videoId, original, {
          state: end.cancelled ? 'none' : 'failed',
          fraction: 0,
          ...(end.cancelled ? {} : { message: end.message }),
        }),
    });
    this.#jobs.set(videoId, job);
    void job.done
      .catch(() => {})
      .finally(() => {
        if (this.#jobs.get(videoId) === job) this.#jobs.delete(videoId);
      });
    return job;
  }

  #set(
    videoId: string,
    original: string,
    status: Omit<ProxyStatus, 'videoId'>,
    proxyPath?: string,
  ): ProxyStatus {
    const full: ProxyStatus = { videoId, ...status };
    const previous = this.#entries.get(videoId);
    this.#entries.set(videoId, {
      status: full,
      original: path.resolve(original),
      ...(proxyPath !== undefined && { proxyPath }),
    });
    const same =
      previous?.status.state === full.state &&
      previous.status.fraction === full.fraction &&
      previous.status.message === full.message;
    if (!same) this.#onStatus?.(full);
    return full;
  }
}

function touch(file: string): void {
  const now = new Date();
  void utimes(file, now, now).catch(() => {}); // best effort: pruning order only
}
