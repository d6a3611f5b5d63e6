import type { DatabaseSync } from 'node:sqlite';

/** What an ActivityNet file says about a video; undefined fields leave the stored value. */
export interface ImportedVideo {
  id: string;
  subset?: string;
  durationSec?: number;
  resolution?: string;
  url?: string;
}

export interface VideoWriteOutcome {
  added: number;
  /** Videos whose media is linked: their probed duration is kept over the file's. */
  keptProbedDuration: number;
}

/**
 * Adds or updates many videos at once, with the same meaning as upsertVideo (videos.ts):
 * a video new to the project is added by id with metadata only, an existing one gets the
 * fields the file has. Written here in bulk because upsertVideo looks up max(position) per
 * call, a full scan each time, which makes the 20 000 videos of ActivityNet quadratic.
 *
 * A video whose media is already linked (path set) keeps the duration probed from the file:
 * that one matches the frames, ActivityNet's is rounded and sometimes off by seconds.
 */
export function writeVideos(db: DatabaseSync, videos: readonly ImportedVideo[]): VideoWriteOutcome {
  const existing = new Map<string, { path: string | null; duration_sec: number | null }>();
  for (const row of db.prepare('SELECT id, path, duration_sec FROM videos').all()) {
    existing.set(row.id as string, row as { path: string | null; duration_sec: number | null });
  }
  let nextPosition = (
    db.prepare('SELECT coalesce(max(position), -1) + 1 AS next FROM videos').get() as {
      next: number;
    }
  ).next;
  const insert = db.prepare(
    `INSERT INTO videos (id, position, subset, duration_sec, resolution, url, added_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  // coalesce(?, column): a field the file lacks (bound as NULL) keeps what is stored.
  const update = db.prepare(
    `UPDATE videos SET subset = coalesce(?, subset), duration_sec = coalesce(?, duration_sec),
       resolution = coalesce(?, resolution), url = coalesce(?, url) WHERE id = ?`,
  );
  const addedAt = new Date().toISOString();
  const outcome: VideoWriteOutcome = { added: 0, keptProbedDuration: 0 };
  for (const video of videos) {
    const stored = existing.get(video.id);
    if (stored === undefined) {
      insert.run(
        video.id,
        nextPosition++,
        video.subset ?? null,
        video.durationSec ?? null,
        video.resolution ?? null,
        video.url ?? null,
        addedAt,
      );
      existing.set(video.id, { path: null, duration_sec: video.durationSec ?? null });
      outcome.added++;
      continue;
    }
    let durationSec = video.durationSec ?? null;
    if (stored.path !== null && durationSec !== null) {
      if (durationSec !== stored.duration_sec) outcome.keptProbedDuration++;
      durationSec = null;
    }
    const hasChange =
      video.subset !== undefined ||
      durationSec !== null ||
      video.resolution !== undefined ||
      video.url !== undefined;
    if (hasChange) {
      update.run(
        video.subset ?? null,
        durationSec,
        video.resolution ?? null,
        video.url ?? null,
        video.id,
      );
    }
  }
  return outcome;
}
