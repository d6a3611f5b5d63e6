import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { toErrorInfo } from '../base/errors.ts';
import { videoIdFromPath } from '../formats/videoId.ts';
import { collectVideoInputs } from '../video/videoFiles.ts';
import { remapImportedFrames, remapNote } from '../formats/import/remapFrameRates.ts';
import { inTransaction } from '../project/transaction.ts';
import { getVideo, upsertVideo } from '../project/videos.ts';
import type { VideoRecord } from '../project/types.ts';
import { mediaNotes } from '../video/mediaNotes.ts';
import { probeVideo } from '../video/probe.ts';
import type { VideoInfo } from '../video/videoInfo.ts';

/**
 * What adding did with one file: a video new to the project, media linked to a video known
 * by metadata only (imported ground truth or results), a video whose file had gone missing
 * relinked, a file the project already had (its media facts read again), or a failure.
 */
export type AddedAs = 'added' | 'linked' | 'relinked' | 'already';

export interface AddVideosOutcome {
  added: VideoRecord[];
  /** Per file, in the order taken: what happened to it (failures too). */
  files: { path: string; videoId: string; outcome: AddedAs | 'failed' }[];
  /** One line per file that could not be added; the others were added. */
  failures: { path: string; message: string }[];
  /** One line per added file the user should know about (partial results, how it is read). */
  notes: { path: string; kind: 'partial' | 'info'; message: string }[];
}

/**
 * Adds video files and folders (searched recursively) to a project: each is probed and
 * stored under its id (the file name without extension). A video known by metadata only
 * (imported ground truth) gets its media linked; a video whose file has gone missing is
 * relinked. An id already linked to another existing file is refused, naming both files.
 */
export async function addVideos(
  db: DatabaseSync,
  inputs: readonly string[],
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<AddVideosOutcome> {
  const files = await collectVideoInputs(inputs);
  const outcome: AddVideosOutcome = { added: [], files: [], failures: [], notes: [] };
  const seen = new Map<string, string>();
  for (const [index, file] of files.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.(index, files.length);
    const id = videoIdFromPath(file);
    const conflict = seen.get(id) ?? linkedElsewhere(db, id, file);
    if (conflict !== null) {
      outcome.failures.push({
        path: file,
        message: `${conflict} and ${file} both have video id "${id}" (the file name without extension); rename one of them`,
      });
      outcome.files.push({ path: file, videoId: id, outcome: 'failed' });
      continue;
    }
    seen.set(id, file);
    try {
      const info = await probeVideo(file, opts.signal ? { signal: opts.signal } : {});
      const before = getVideo(db, id);
      const { record, remaps } = inTransaction(db, () => {
        const record = upsertVideo(db, { id, ...mediaFields(info) });
        const remaps =
          before?.fpsNum == null
            ? remapImportedFrames(db, id, info.fps.num / info.fps.den, info.durationSec)
            : [];
        return { record, remaps };
      });
      for (const remap of remaps) {
        outcome.notes.push({ path: file, kind: 'info', message: remapNote(file, remap) });
      }
      outcome.added.push(record);
      outcome.files.push({ path: file, videoId: id, outcome: addedAs(before, file) });
      const notes = record.mediaNotes;
      if (notes.length > 0) {
        const partial = notes.some((n) => n.kind === 'partial');
        outcome.notes.push({
          path: file,
          kind: partial ? 'partial' : 'info',
          message: `${file}: ${notes.map((n) => n.text).join('; ')}`,
        });
      }
    } catch (err) {
      const { message } = toErrorInfo(err);
      outcome.failures.push({
        path: file,
        message: message.includes(file) ? message : `${file}: ${message}`,
      });
      outcome.files.push({ path: file, videoId: id, outcome: 'failed' });
    }
  }
  opts.onProgress?.(files.length, files.length);
  return outcome;
}

/** What probing tells the project about a video's media. */
export function mediaFields(info: VideoInfo) {
  return {
    path: info.path,
    fpsNum: info.fps.num,
    fpsDen: info.fps.den,
    frameCount: info.frameCount,
    variableFrameRate: info.isVariableFrameRate,
    durationSec: info.durationSec,
    startOffsetSec: info.startTimeSec,
    widthPx: info.width,
    heightPx: info.height,
    sizeBytes: info.sizeBytes,
    mediaNotes: mediaNotes(info),
  };
}

function linkedElsewhere(db: DatabaseSync, id: string, file: string): string | null {
  const existing = getVideo(db, id);
  if (!existing?.path || existing.path === file) return null;
  return existsSync(existing.path) ? existing.path : null;
}

function addedAs(before: VideoRecord | null, file: string): AddedAs {
  if (before === null) return 'added';
  if (before.path === null) return 'linked';
  return before.path === file ? 'already' : 'relinked';
}
