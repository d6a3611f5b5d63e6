import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ffmpegPath, userCacheDir } from '../base/paths.ts';
import { startChild } from './childProcess.ts';
import { toolFailure } from './toolFailure.ts';
import { inputArgsForPath } from './videoInput.ts';

/**
 * Shot cuts (hard scene changes) by ffmpeg's scene detection: the `select` filter's scene
 * score (0..1, how much a frame differs from the one before) on every frame, decoded at
 * 160 px wide for speed. A cut's time is the start of the first frame of the new shot,
 * relative to time zero (`setpts=PTS-STARTPTS` puts the first decoded frame at 0, as the data
 * model does), so edges snap to it exactly.
 */

export interface ShotCutOptions {
  /** Scene score above which a frame starts a new shot. */
  threshold?: number;
  /** Of detections closer together than this, only the strongest is kept (flashes, fades). */
  minGapSec?: number;
  signal?: AbortSignal | undefined;
}

export const DEFAULT_SCENE_THRESHOLD = 0.3;
const DEFAULT_MIN_GAP_SEC = 0.25;

export interface SceneHit {
  timeSec: number;
  score: number;
}

export function shotCutArgs(
  inputArgs: string[],
  videoStreamIndex: number,
  threshold: number,
): string[] {
  const filters = [
    'setpts=PTS-STARTPTS',
    'scale=160:-2',
    `select='gt(scene,${threshold})'`,
    'metadata=print:file=-',
  ].join(',');
  return [
    ...['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error'],
    ...[...inputArgs, '-map', `0:${videoStreamIndex}`, '-an', '-sn', '-dn'],
    ...['-vf', filters, '-f', 'null', '-'],
  ];
}

/**
 * Parses the `metadata=print` output: per selected frame a `frame:N pts:P pts_time:T` line
 * followed by `lavfi.scene_score=S`.
 */
export function parseSceneHits(text: string): SceneHit[] {
  const hits: SceneHit[] = [];
  let timeSec: number | undefined;
  for (const line of text.split('\n')) {
    const time = /pts_time:(-?[\d.eE+-]+)/.exec(line);
    if (time) {
      timeSec = Number(time[1]);
      continue;
    }
    const score = /lavfi\.scene_score=([\d.eE+-]+)/.exec(line);
    if (score && timeSec !== undefined && Number.isFinite(timeSec)) {
      hits.push({ timeSec, score: Number(score[1]) });
      timeSec = undefined;
    }
  }
  return hits;
}

/** Ascending cut times: hits at time 0 dropped, of hits within minGapSec the strongest kept. */
export function cutsFromHits(hits: SceneHit[], minGapSec = DEFAULT_MIN_GAP_SEC): number[] {
  const sorted = hits.filter((h) => h.timeSec > 0).sort((a, b) => a.timeSec - b.timeSec);
  const kept: SceneHit[] = [];
  for (const hit of sorted) {
    const last = kept.at(-1);
    if (last && hit.timeSec - last.timeSec < minGapSec) {
      if (hit.score > last.score) kept[kept.length - 1] = hit;
    } else kept.push(hit);
  }
  return kept.map((h) => h.timeSec);
}

/** Runs scene detection over the whole video; seconds from time zero, ascending. */
export async function detectShotCuts(
  filePath: string,
  videoStreamIndex: number,
  opts: ShotCutOptions = {},
): Promise<number[]> {
  const { signal } = opts;
  const threshold = opts.threshold ?? DEFAULT_SCENE_THRESHOLD;
  const input = await inputArgsForPath(filePath);
  const child = startChild(ffmpegPath(), shotCutArgs(input, videoStreamIndex, threshold), {
    signal,
  });
  const parts: string[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (part: string) => parts.push(part));
  const exit = await child.exited;
  if (exit.exitCode !== 0 || signal?.aborted) {
    throw toolFailure('ffmpeg', filePath, exit, child.stderrLines(), signal);
  }
  return cutsFromHits(parseSceneHits(parts.join('')), opts.minGapSec);
}

/**
 * Shot cuts per video, found once: kept in memory and in `<cacheDir>/shotcuts/<hash>.json`
 * (hash of path, size, mtime and threshold), so reopening a project does not decode again.
 * Concurrent callers for the same file share one ffmpeg run.
 */
export class ShotCutFinder {
  readonly dir: string;
  #memory = new Map<string, Promise<number[]>>();

  constructor(options: { cacheDir?: string } = {}) {
    this.dir = path.join(options.cacheDir ?? userCacheDir(), 'shotcuts');
  }

  async cuts(
    filePath: string,
    videoStreamIndex: number,
    opts: { threshold?: number; signal?: AbortSignal } = {},
  ): Promise<number[]> {
    const absolute = path.resolve(filePath);
    const stats = await stat(absolute);
    const threshold = opts.threshold ?? DEFAULT_SCENE_THRESHOLD;
    const key = createHash('sha256')
      .update(JSON.stringify([1, absolute, stats.size, stats.mtimeMs, videoStreamIndex, threshold]))
      .digest('hex')
      .slice(0, 24);
    let found = this.#memory.get(key);
    if (!found) {
      found = this.#load(key, absolute, videoStreamIndex, threshold, opts.signal);
      this.#memory.set(key, found);
      found.catch(() => this.#memory.delete(key));
    }
    return found;
  }

  async #load(
    key: string,
    filePath: string,
    videoStreamIndex: number,
    threshold: number,
    signal: AbortSignal | undefined,
  ): Promise<number[]> {
    const file = path.join(this.dir, `${key}.json`);
    const stored = await readFile(file, 'utf8').then(
      (text) => (JSON.parse(text) as { timesSec?: unknown }).timesSec,
      () => undefined,
    );
    if (Array.isArray(stored) && stored.every((t) => typeof t === 'number')) {
      return stored as number[];
    }
    const timesSec = await detectShotCuts(filePath, videoStreamIndex, { threshold, signal });
    await mkdir(this.dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    try {
      await writeFile(partial, JSON.stringify({ file: filePath, threshold, timesSec }));
      await rename(partial, file);
    } catch {
      // A cache that cannot be written costs a re-detection next time, nothing more.
      await rm(partial, { force: true });
    }
    return timesSec;
  }
}
