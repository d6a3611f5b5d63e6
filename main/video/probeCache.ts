import { stat } from 'node:fs/promises';
import path from 'node:path';
import { probeVideo } from './probe.ts';
import { probeContainer, type ContainerFacts } from './proxy.ts';
import type { VideoInfo } from './videoInfo.ts';

export interface ProbedFile {
  info: VideoInfo;
  container: ContainerFacts;
}

/**
 * Each file probed once per (path, size, mtime): the player asks about a video many times,
 * and a file replaced on disk is probed again. A failed probe is tried again next time.
 */
export class ProbeCache {
  #probes = new Map<string, Promise<ProbedFile>>();

  async probe(filePath: string): Promise<ProbedFile> {
    const absolute = path.resolve(filePath);
    const stats = await stat(absolute).catch(() => undefined);
    const key = JSON.stringify([absolute, stats?.size, stats?.mtimeMs]);
    let probed = this.#probes.get(key);
    if (!probed) {
      probed = (async () => {
        const info = await probeVideo(absolute);
        return { info, container: await probeContainer(absolute) };
      })();
      this.#probes.set(key, probed);
      probed.catch(() => this.#probes.delete(key));
    }
    return probed;
  }
}
