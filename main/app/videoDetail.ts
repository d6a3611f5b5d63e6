import type { DatabaseSync } from 'node:sqlite';
import type { SegmentRecord, VideoLabelRecord } from '../../shared/project/types.ts';
import type { RunInfo, VideoDetail } from '../../shared/project/views.ts';
import { historyState } from '../project/editLog.ts';
import { listRuns } from '../project/runs.ts';
import { segmentsInLayer } from '../project/segmentQueries.ts';
import { videoLabels } from '../project/videoEdits.ts';
import { requireVideo } from '../project/videos.ts';

/** One video as the editor opens it, in the current annotator's view. */
export function videoDetail(
  db: DatabaseSync,
  videoId: string,
  annotatorId: number,
  mediaUrl: string | null,
): VideoDetail {
  const video = requireVideo(db, videoId);
  const layer = segmentsInLayer(db, videoId, annotatorId);
  const suggestedRuns = runsThatSuggest(db, videoId);
  const isAlternative = (s: SegmentRecord) =>
    s.product === 'ranked' && s.runId !== null && suggestedRuns.has(s.runId);
  return {
    video,
    segments: layer.filter((s) => !isAlternative(s)),
    alternatives: layer.filter(isAlternative),
    labels: newestRunLabels(videoLabels(db, videoId)),
    runs: runsOfVideo(db, videoId),
    mediaUrl: video.path === null ? null : mediaUrl,
    history: historyState(db, annotatorId, videoId),
  };
}

/**
 * Confirmed labels, and the predicted ones of the newest run that predicted any (as the
 * project view lists them, and as the layer holds the newest run's suggestions).
 */
function newestRunLabels(labels: VideoLabelRecord[]): VideoLabelRecord[] {
  const newest = Math.max(
    -Infinity,
    ...labels.filter((l) => l.kind === 'predicted').map((l) => l.runId ?? -Infinity),
  );
  return labels.filter((l) => l.kind !== 'predicted' || (l.runId ?? -Infinity) === newest);
}

/**
 * Runs whose suggested labelling stands for the video, so that their ranked detections are
 * alternatives: runs that stored its snippet scores (the engine derives suggestions from them;
 * none at all is an answer too: nothing to review) or suggested something for it. An imported
 * results file has neither: its ranked detections are what there is to review.
 */
export function runsThatSuggest(db: DatabaseSync, videoId: string): Set<number> {
  const rows = db
    .prepare(
      `SELECT run_id FROM snippet_scores WHERE video_id = ?
       UNION SELECT run_id FROM segments
       WHERE video_id = ? AND product = 'suggested' AND run_id IS NOT NULL`,
    )
    .all(videoId, videoId) as { run_id: number }[];
  return new Set(rows.map((r) => r.run_id));
}

/** Runs that predicted something for the video or stored its snippet scores, newest first. */
function runsOfVideo(db: DatabaseSync, videoId: string): RunInfo[] {
  const withScores = new Set(
    (
      db.prepare('SELECT DISTINCT run_id FROM snippet_scores WHERE video_id = ?').all(videoId) as {
        run_id: number;
      }[]
    ).map((r) => r.run_id),
  );
  const withPredictions = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT run_id FROM segments WHERE video_id = ? AND run_id IS NOT NULL
           UNION SELECT DISTINCT run_id FROM video_labels WHERE video_id = ? AND run_id IS NOT NULL`,
        )
        .all(videoId, videoId) as { run_id: number }[]
    ).map((r) => r.run_id),
  );
  return listRuns(db)
    .filter((r) => withScores.has(r.id) || withPredictions.has(r.id))
    .reverse()
    .map((r) => ({
      id: r.id,
      modelId: r.modelId,
      createdAt: r.createdAt,
      source: r.source,
      streams: r.streams.map((s) => ({ stream: s.stream, labels: s.labels })),
      hasScores: withScores.has(r.id),
    }));
}
