import type { DatabaseSync } from 'node:sqlite';
import { listRuns } from '../../project/runs.ts';
import type { ResultsRun } from '../../activitynet/types.ts';

/**
 * Exports of a model's output without --run write, for each video, the predictions of the
 * newest run that has any for it (runs are numbered as they are made, so the highest id), and
 * say which run each video came from: in the file where its format has room, and in a note.
 */

/** Keeps, of each video's rows, those of its newest run; rows of no run count as oldest. */
export function newestRunRows<R>(
  rowsByVideo: Iterable<readonly [string, R[]]>,
  runOf: (row: R) => number | null,
): { videos: { videoId: string; runId: number | null; rows: R[] }[]; olderLeftOut: number } {
  const videos: { videoId: string; runId: number | null; rows: R[] }[] = [];
  let olderLeftOut = 0;
  for (const [videoId, rows] of rowsByVideo) {
    let runId: number | null = null;
    for (const row of rows) {
      const id = runOf(row);
      if (id !== null && (runId === null || id > runId)) runId = id;
    }
    const kept = rows.filter((row) => runOf(row) === runId);
    if (kept.length < rows.length) olderLeftOut++;
    videos.push({ videoId, runId, rows: kept });
  }
  return { videos, olderLeftOut };
}

/** The runs that the written videos came from, in id order. */
export function runsOfVideos(
  db: DatabaseSync,
  written: Iterable<{ videoId: string; runId: number | null }>,
): ResultsRun[] {
  const byRun = new Map<number, string[]>();
  for (const { videoId, runId } of written) {
    if (runId === null) continue;
    let ids = byRun.get(runId);
    if (!ids) byRun.set(runId, (ids = []));
    ids.push(videoId);
  }
  return listRuns(db)
    .filter((r) => byRun.has(r.id))
    .map((r) => ({
      runId: r.id,
      modelId: r.modelId,
      createdAt: r.createdAt,
      videoIds: byRun.get(r.id)!,
    }));
}

/**
 * "from each video's newest run: run 3 (motion, 2026-12-07) for 12 videos, run 5 (…) for 3
 * videos", and how many videos also had an older run's predictions.
 */
export function newestRunNotes(runs: readonly ResultsRun[], olderLeftOut: number): string[] {
  if (runs.length === 0) return [];
  const videos = (n: number) => `${n} video${n === 1 ? '' : 's'}`;
  const list = runs
    .map(
      (r) =>
        `run ${r.runId} (${r.modelId}, ${r.createdAt.slice(0, 10)}) for ${videos(r.videoIds.length)}`,
    )
    .join(', ');
  const notes = [`from each video's newest run: ${list}`];
  if (olderLeftOut > 0) {
    notes.push(
      olderLeftOut === 1
        ? '1 video also has predictions of an older run, not written'
        : `${olderLeftOut} videos also have predictions of older runs, not written`,
    );
  }
  return notes;
}
