import type { DatabaseSync } from 'node:sqlite';
import type { ExportText } from './exportTypes.ts';
import { newestRunNotes, runsOfVideos } from './newestRuns.ts';
import { plainDecimal } from './numberText.ts';
import { selectPredictions, type PredictionSelection } from './selectPredictions.ts';
import { THUMOS14_CLASS_IDS } from './thumos14Classes.ts';

/**
 * THUMOS14 detection results: one line `video_name t_start t_end class_id confidence` per
 * predicted segment (the model's scored predictions, as for ActivityNet detection results:
 * without a run asked for, each video's newest run's), in video id, start, end, label order.
 * The official MATLAB toolkit reads the lines with
 * textscan as whitespace-separated fields, so numbers are plain decimals (never "1e-7"),
 * with the full float64 digits. Segments whose label is not one of the 20 THUMOS14 classes,
 * and videos whose id holds whitespace (it would split the line), are left out and counted
 * in a warning.
 */
export function thumos14Text(db: DatabaseSync, options: PredictionSelection = {}): ExportText {
  const { videos, warnings, olderLeftOut } = selectPredictions(db, options);
  const written: { videoId: string; runId: number | null }[] = [];
  const lines: string[] = [];
  const skippedLabels = new Map<string, number>();
  let badIds = 0;
  for (const { videoId, runId, segments } of videos) {
    if (/\s/.test(videoId)) {
      badIds++;
      continue;
    }
    const before = lines.length;
    for (const s of segments) {
      const classId = THUMOS14_CLASS_IDS.get(s.label);
      if (classId === undefined) {
        skippedLabels.set(s.label, (skippedLabels.get(s.label) ?? 0) + 1);
        continue;
      }
      const where = `video "${videoId}"`;
      lines.push(
        `${videoId} ${plainDecimal(s.startSec, where)} ${plainDecimal(s.endSec, where)} ${classId} ${plainDecimal(s.score, where)}\n`,
      );
    }
    if (lines.length > before) written.push({ videoId, runId });
  }
  if (skippedLabels.size > 0) {
    const total = [...skippedLabels.values()].reduce((a, b) => a + b, 0);
    const names = [...skippedLabels.keys()].sort();
    const shown = names
      .slice(0, 5)
      .map((n) => JSON.stringify(n))
      .join(', ');
    warnings.push(
      `${total} segment(s) left out: label not one of the 20 THUMOS14 classes (${shown}${names.length > 5 ? `, and ${names.length - 5} more` : ''})`,
    );
  }
  if (badIds > 0) {
    warnings.push(
      `${badIds} video(s) left out: the id holds whitespace, which THUMOS14 lines cannot carry`,
    );
  }
  // The lines have no room for the run: only the note names it.
  const notes =
    options.runId === undefined ? newestRunNotes(runsOfVideos(db, written), olderLeftOut) : [];
  return {
    text: lines.join(''),
    warnings,
    notes,
    videoCount: written.length,
    itemCount: lines.length,
  };
}
