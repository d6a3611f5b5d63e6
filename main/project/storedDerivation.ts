import type { DatabaseSync } from 'node:sqlite';
import type { VideoLabel, ScoredSegment } from '../../shared/analysis/types.ts';
import { derive, type DerivationParams } from '../analysis/derivation.ts';
import { joinSameLabel } from '../analysis/joinSameLabel.ts';
import { fuseStreams } from '../analysis/streamFusion.ts';
import type { EdgeEvidence } from '../analysis/suggestedLabelling.ts';
import { ActionlineError } from '../base/errors.ts';
import { mapLabel, mapSegments, mapVideoLabels } from './classMapping.ts';
import { readSnippetScores, type RunRecord } from './runs.ts';

/**
 * A run's predictions for one video derived again from what the project stored: the streams'
 * snippet scores (fused), the edge refinement's per-frame scores, the video's frame rate; the
 * class mapping of the run's model applied. Re-derivation and the migration that gives old
 * runs their suggestions both derive through here, as the engine derives (analysis/).
 */

export interface StoredVideoPredictions {
  videoId: string;
  segments: ScoredSegment[];
  suggestions: ScoredSegment[];
  labels: VideoLabel[];
}

export interface ScoredVideoRow {
  id: string;
  durationSec: number;
  fpsNum: number | null;
  fpsDen: number | null;
  variableFrameRate: boolean;
}

export function deriveStoredVideo(
  db: DatabaseSync,
  run: RunRecord,
  params: DerivationParams,
  video: ScoredVideoRow,
  map: ReturnType<typeof mapLabel> = mapLabel(db, run.modelId),
): StoredVideoPredictions {
  const scores = fuseStreams(
    run.streams.map((s) => ({ ...s, scores: mustRead(db, run.id, s.stream, video.id) })),
    video.id,
  );
  const result = derive(scores, video.durationSec, params, storedEvidence(db, run, video));
  return {
    videoId: video.id,
    segments: mapSegments(result.segments, map),
    suggestions: joinSameLabel(mapSegments(result.suggestions, map)),
    labels: mapVideoLabels(result.labels, map),
  };
}

/** Videos with stored scores for the run, in project order. */
export function scoredVideos(db: DatabaseSync, runId: number): ScoredVideoRow[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.duration_sec, v.fps_num, v.fps_den, v.variable_frame_rate FROM videos v
       WHERE EXISTS (SELECT 1 FROM snippet_scores s WHERE s.run_id = ? AND s.video_id = v.id)
       ORDER BY v.position`,
    )
    .all(runId) as {
    id: string;
    duration_sec: number | null;
    fps_num: number | null;
    fps_den: number | null;
    variable_frame_rate: number;
  }[];
  return rows.map((r) => {
    if (r.duration_sec === null || !(r.duration_sec > 0)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `video "${r.id}" has no duration; it is needed to place the last snippet`,
      );
    }
    return {
      id: r.id,
      durationSec: r.duration_sec,
      fpsNum: r.fps_num,
      fpsDen: r.fps_den,
      variableFrameRate: r.variable_frame_rate === 1,
    };
  });
}

/** Per-frame edge scores (single-stream runs refine edges) and frame starts at a constant rate. */
function storedEvidence(db: DatabaseSync, run: RunRecord, video: ScoredVideoRow): EdgeEvidence {
  const only = run.streams.length === 1 ? run.streams[0]! : null;
  const dense = only ? readSnippetScores(db, run.id, only.stream, video.id, 'edge_scores') : null;
  const fps =
    !video.variableFrameRate && video.fpsNum !== null && video.fpsDen !== null && video.fpsDen > 0
      ? video.fpsNum / video.fpsDen
      : undefined;
  return { ...(dense ? { dense } : {}), ...(fps !== undefined ? { frameRateFps: fps } : {}) };
}

function mustRead(db: DatabaseSync, runId: number, stream: string, videoId: string) {
  const scores = readSnippetScores(db, runId, stream, videoId);
  if (!scores) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}: video "${videoId}" has no stored "${stream}" scores`,
    );
  }
  return scores;
}
