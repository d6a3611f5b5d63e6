import type { DatabaseSync } from 'node:sqlite';
import type { VideoLabel } from '../../../shared/analysis/types.ts';
import type { ResultsRun, ResultsTask } from '../../activitynet/types.ts';
import {
  classificationResults,
  detectionResults,
  proposalResults,
  serialiseResults,
  suggestionResults,
} from '../activitynetResults.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { newestRunNotes, newestRunRows, runsOfVideos } from './newestRuns.ts';
import { selectPredictions, type PredictionSelection } from './selectPredictions.ts';

/**
 * ActivityNet v1.3 results files from the project's predictions, written by the same
 * serialiser as the engine's results (activitynetResults.ts: ids sorted, entries by score,
 * full-precision numbers). Every video with predictions appears exactly once, with one run's
 * predictions: the run asked for, or else its newest run's, and the file names the runs
 * (newestRuns.ts).
 *  - detection: the predicted segments {label, score, segment}; the suggested labelling is
 *    marked as such (activitynetResults.ts), so importing it again gives suggestions;
 *  - classification: the predicted video-level labels {label, score};
 *  - proposals: the predicted segments without labels {score, segment}; one stretch of time
 *    predicted for several classes is one proposal (with its highest score), because
 *    duplicates would spend the proposal budget of the AR–AN metric on the same segment.
 */
export interface ResultsOptions extends PredictionSelection {
  task?: ResultsTask;
}

export function resultsText(db: DatabaseSync, options: ResultsOptions = {}): ExportText {
  const task = options.task ?? 'detection';
  if (task === 'classification') return classificationText(db, options);
  const { videos, warnings, olderLeftOut } = selectPredictions(db, options);
  const named = namedRuns(db, options, videos, olderLeftOut);
  let itemCount = 0;
  let text: string;
  if (task === 'detection') {
    itemCount = videos.reduce((n, v) => n + v.segments.length, 0);
    const pairs = videos.map((v) => [v.videoId, v.segments] as const);
    const file =
      options.product === 'suggested' ? suggestionResults(pairs) : detectionResults(pairs);
    text = serialiseResults({ ...file, ...named.file });
  } else {
    const proposals = videos.map((v) => {
      const best = new Map<string, { startSec: number; endSec: number; score: number }>();
      for (const s of v.segments) {
        const key = `${s.startSec},${s.endSec}`;
        const seen = best.get(key);
        if (!seen || s.score > seen.score)
          best.set(key, { startSec: s.startSec, endSec: s.endSec, score: s.score });
      }
      itemCount += best.size;
      return [v.videoId, [...best.values()]] as const;
    });
    text = serialiseResults({ ...proposalResults(proposals), ...named.file });
  }
  return { text, warnings, notes: named.notes, videoCount: videos.length, itemCount };
}

/** Without a run asked for: the runs the videos came from, for the file and for stderr. */
function namedRuns(
  db: DatabaseSync,
  options: ResultsOptions,
  videos: readonly { videoId: string; runId: number | null }[],
  olderLeftOut: number,
): { file: { runs?: ResultsRun[] }; notes: string[] } {
  if (options.runId !== undefined) return { file: {}, notes: [] };
  const runs = runsOfVideos(db, videos);
  return { file: runs.length > 0 ? { runs } : {}, notes: newestRunNotes(runs, olderLeftOut) };
}

type LabelRow = [videoId: string, label: string, score: number | null, runId: number | null];

function classificationText(db: DatabaseSync, options: ResultsOptions): ExportText {
  const clauses = [`kind = 'predicted'`];
  const params: (string | number)[] = [];
  if (options.runId !== undefined) {
    clauses.push('run_id = ?');
    params.push(options.runId);
  }
  if (options.subset !== undefined) {
    clauses.push('video_id IN (SELECT id FROM videos WHERE coalesce(subset, ?) = ?)');
    params.push(missingSubsetOf(options), options.subset);
  }
  const statement = db.prepare(
    `SELECT video_id, label, score, run_id FROM video_labels WHERE ${clauses.join(' AND ')} ORDER BY video_id, label, id`,
  );
  statement.setReturnArrays(true);
  const rowsByVideo = new Map<string, LabelRow[]>();
  for (const row of statement.all(...params) as unknown as LabelRow[]) {
    let rows = rowsByVideo.get(row[0]);
    if (!rows) rowsByVideo.set(row[0], (rows = []));
    rows.push(row);
  }
  const { videos, olderLeftOut } = newestRunRows(rowsByVideo, (row) => row[3]);
  const byVideo = new Map<string, VideoLabel[]>();
  const written: { videoId: string; runId: number | null }[] = [];
  let unscored = 0;
  let itemCount = 0;
  for (const { videoId, runId, rows } of videos) {
    const labels: VideoLabel[] = [];
    for (const [, label, score] of rows) {
      if (score === null) unscored++;
      else labels.push({ label, score });
    }
    if (labels.length === 0) continue;
    byVideo.set(videoId, labels);
    written.push({ videoId, runId });
    itemCount += labels.length;
  }
  const warnings =
    unscored > 0 ? [`${unscored} predicted video label(s) without a score left out`] : [];
  const named = namedRuns(db, options, written, olderLeftOut);
  return {
    text: serialiseResults({ ...classificationResults(byVideo), ...named.file }),
    warnings,
    notes: named.notes,
    videoCount: byVideo.size,
    itemCount,
  };
}
