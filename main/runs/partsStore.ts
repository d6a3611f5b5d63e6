import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * Finished videos of a batch, kept beside the output file (`<out>.parts/`) so that an
 * interrupted or partly failed batch resumes without redoing them. A part is reused only
 * when its fingerprint (the file's size and mtime, the model and every option that changes
 * the result) is unchanged. Each part is written atomically (temp file + rename).
 */
export interface PartFingerprint {
  videoPath: string;
  sizeBytes: number;
  mtimeMs: number;
  settings: unknown;
}

export class PartsStore<T> {
  readonly dir: string;

  constructor(outFile: string) {
    this.dir = `${outFile}.parts`;
  }

  async load(videoId: string, fingerprint: PartFingerprint): Promise<T | null> {
    const text = await readFile(this.#file(videoId), 'utf8').catch(() => null);
    if (text === null) return null;
    try {
      const part = JSON.parse(text) as { fingerprint: string; value: T };
      return part.fingerprint === hash(fingerprint) ? part.value : null;
    } catch {
      return null; // a damaged part is simply redone
    }
  }

  async save(videoId: string, fingerprint: PartFingerprint, value: T): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = this.#file(videoId);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ fingerprint: hash(fingerprint), value }));
    await rename(tmp, file);
  }

  async clear(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }

  #file(videoId: string): string {
    // Ids are file names, but hash them so any character is safe on every filesystem.
    const safe = createHash('sha256').update(videoId).digest('hex').slice(0, 32);
    return path.join(this.dir, `${safe}.json`);
  }
}

function hash(fingerprint: PartFingerprint): string {
  return createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
}
