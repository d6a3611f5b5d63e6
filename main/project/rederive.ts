import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import {
  DEFAULT_DETECTION_OPTIONS,
  detectVideo,
  type DetectionOptions,
} from '../analysis/detectionSegments.ts';
import { temporalIou } from '../analysis/nms.ts';
import { windowedScores } from '../analysis/windowedScores.ts';
import type { TagOptions } from '../analysis/tagGrouping.ts';
import type { RankingOptions } from '../analysis/videoRanking.ts';
import { ActionlineError } from '../errors.ts';
import { mapLabel, mapSegments, mapVideoLabels } from './classMapping.ts';
import { listRuns, readSnippetScores, replacePredictions, type RunRecord } from './runs.ts';
import { inTransaction } from './transaction.ts';

/**
 * Re-deriving a run's predictions from its stored snippet scores with new parameters
 * (thresholds, NMS, windows, class mapping) without running the model again. Predictions an
 * annotator has decided on, and the annotators' own segments, are kept as they are; the
 * other predictions of the run are replaced.
 *
 * The run keeps its id: annotators' segments point at its predictions (run_id,
 * source_segment_id), and the kept predictions and the new ones stay one run for export and
 * evaluation. The parameters now in force are written to params_json.derivation.
 */

/** Everything that turns snippet scores into predictions; stored in params_json.derivation. */
export interface DerivationParams {
  task: 'detection' | 'classification';
  /** Optional sliding-window averaging before labelling (seconds), as `prelabel --window`. */
  window: { windowSec: number; strideSec: number } | null;
  detection: DetectionOptions;
}

/** New parameters; what is left out keeps the run's stored value (tag/ranking field by field). */
export interface DerivationOverrides {
  task?: DerivationParams['task'];
  window?: DerivationParams['window'];
  detection?: Partial<Omit<DetectionOptions, 'tag' | 'ranking'>> & {
    tag?: Partial<TagOptions>;
    ranking?: Partial<RankingOptions>;
  };
}

export interface RederiveCounts {
  videos: number;
  /** New predicted segments written. */
  inserted: number;
  /** Predictions kept because an annotator had reviewed them. */
  kept: number;
  /** Untouched predictions replaced. */
  removed: number;
  /** New segments left out because a kept prediction already covers them (see below). */
  suppressed: number;
  videoLabels: number;
  params: DerivationParams;
}

export function rederiveRun(
  db: DatabaseSync,
  runId: number,
  overrides: DerivationOverrides = {},
): RederiveCounts {
  const run = listRuns(db).find((r) => r.id === runId);
  if (!run) throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
  const params = mergeParams(mergeParams(defaultParams(run), storedOverrides(run)), overrides);
  checkParams(params);
  const map = mapLabel(db, run.modelId);

  // Derive everything before writing: a bad parameter or a broken score blob fails the
  // whole re-derivation before anything changed, and the write lock is then held only for
  // the short write below, not for the analysis (annotators keep editing meanwhile).
  const derived = scoredVideos(db, runId).map((video) => {
    const scores = fuseStreams(
      run.streams.map((s) => ({ ...s, scores: mustRead(db, runId, s.stream, video.id) })),
      video.id,
    );
    const result = derive(scores, video.durationSec, params);
    return {
      videoId: video.id,
      segments: mapSegments(result.segments, map),
      labels: mapVideoLabels(result.labels, map),
    };
  });

  return inTransaction(db, () => {
    const counts: RederiveCounts = {
      videos: 0,
      inserted: 0,
      kept: 0,
      removed: 0,
      suppressed: 0,
      videoLabels: 0,
      params,
    };
    const countPredictions = db.prepare(
      'SELECT count(*) AS n FROM segments WHERE run_id = ? AND video_id = ? AND annotator_id IS NULL',
    );
    for (const video of derived) {
      const before = Number((countPredictions.get(runId, video.videoId) as { n: number }).n);
      const fresh = withoutKeptDuplicates(
        video.segments,
        reviewedPredictions(db, runId, video.videoId),
        params.detection.nmsTiou,
      );
      counts.suppressed += video.segments.length - fresh.length;
      const { kept, inserted } = replacePredictions(db, runId, video.videoId, fresh, video.labels);
      counts.videos++;
      counts.inserted += inserted;
      counts.kept += kept;
      counts.removed += before - kept;
      counts.videoLabels += video.labels.length;
    }
    const stored = { ...run.params, derivation: params, derivedAt: new Date().toISOString() };
    db.prepare('UPDATE model_runs SET params_json = ? WHERE id = ?').run(
      JSON.stringify(stored),
      runId,
    );
    return counts;
  });
}

/**
 * The streams of one video as one score matrix: a weighted sum of logits (run_streams.weight),
 * as the two-stream TSN fuses RGB and flow. Probability streams enter as log-probabilities
 * (floored at 1e-30), which are logits of the same softmax. One stream is used as stored, as
 * the engine derived it: scaling its logits by a weight would sharpen or flatten the softmax
 * and so move every score.
 */
export function fuseStreams(
  streams: readonly { stream: string; weight: number; scores: SnippetScores }[],
  videoId: string,
): SnippetScores {
  const [first, ...rest] = streams;
  if (!first)
    throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}": the run has no streams`);
  if (rest.length === 0) return first.scores;
  const n = first.scores.snippetCenterSec.length;
  const tolerance = pairingToleranceSec(first.scores.snippetCenterSec);
  for (const other of rest) checkSameSnippets(first, other, videoId, tolerance);
  const classCount = first.scores.classCount;
  const fused = new Float32Array(n * classCount);
  const centers = new Float64Array(n);
  for (const { weight, scores } of streams) {
    const fromProbabilities = scores.kind === 'probabilities';
    for (let i = 0; i < fused.length; i++) {
      const value = scores.scores[i]!;
      const logit = fromProbabilities ? Math.log(Math.max(value, 1e-30)) : value;
      fused[i] = fused[i]! + weight * logit;
    }
    for (let k = 0; k < n; k++)
      centers[k] = centers[k]! + scores.snippetCenterSec[k]! / streams.length;
  }
  return {
    classCount,
    labels: first.scores.labels,
    snippetCenterSec: centers,
    scores: fused,
    kind: 'logits',
  };
}

/** Snippet scores → video labels and (for detection) segments, as the engine derives them. */
export function derive(
  scores: SnippetScores,
  durationSec: number,
  params: DerivationParams,
): { segments: ScoredSegment[]; labels: VideoLabel[] } {
  const input = params.window ? windowedScores(scores, params.window, durationSec) : scores;
  const detections = detectVideo(input, durationSec, params.detection);
  return {
    labels: detections.labels,
    segments: params.task === 'detection' ? detections.segments : [],
  };
}

function defaultParams(run: RunRecord): DerivationParams {
  return {
    task: run.task === 'classification' ? 'classification' : 'detection',
    window: null,
    detection: DEFAULT_DETECTION_OPTIONS,
  };
}

/** What the run was derived with, as far as params_json says (older runs say nothing). */
function storedOverrides(run: RunRecord): DerivationOverrides {
  const stored = run.params.derivation;
  return stored !== null && typeof stored === 'object' ? (stored as DerivationOverrides) : {};
}

function mergeParams(base: DerivationParams, over: DerivationOverrides): DerivationParams {
  const detection = over.detection ?? {};
  return {
    task: over.task ?? base.task,
    window: over.window === undefined ? base.window : over.window,
    detection: {
      ...base.detection,
      ...detection,
      tag: { ...base.detection.tag, ...detection.tag },
      ranking: { ...base.detection.ranking, ...detection.ranking },
    },
  };
}

/** Checks what detectVideo would accept silently but give nonsense for. */
function checkParams(params: DerivationParams): void {
  const d = params.detection;
  const bad = (what: string, value: unknown) =>
    new ActionlineError('BAD_ARGUMENT', `re-derive: ${what}, got ${JSON.stringify(value)}`);
  if (params.task !== 'detection' && params.task !== 'classification') {
    throw bad('task must be detection or classification', params.task);
  }
  for (const key of ['nmsTiou', 'contrastMarginFraction'] as const) {
    if (!(d[key] >= 0 && d[key] <= 1)) throw bad(`${key} must be in [0, 1]`, d[key]);
  }
  if (!(d.tag.nmsTiou >= 0 && d.tag.nmsTiou <= 1)) {
    throw bad('tag.nmsTiou must be in [0, 1]', d.tag.nmsTiou);
  }
  for (const key of ['maxSegmentsPerVideo', 'labelsPerVideo', 'classesPerVideo'] as const) {
    if (!(Number.isInteger(d[key]) && d[key] >= 0))
      throw bad(`${key} must be a whole number ≥ 0`, d[key]);
  }
  if (d.tag.thresholds.length === 0) throw bad('tag.thresholds is empty', d.tag.thresholds);
}

/**
 * The predictions replacePredictions keeps (an annotator reviewed them, or a segment was
 * made from them). Same condition as there, read before it runs.
 */
function reviewedPredictions(db: DatabaseSync, runId: number, videoId: string): ScoredSegment[] {
  return db
    .prepare(
      `SELECT start_sec AS startSec, end_sec AS endSec, label, coalesce(score, 0) AS score
       FROM segments p WHERE p.run_id = ? AND p.video_id = ? AND p.annotator_id IS NULL
       AND (EXISTS (SELECT 1 FROM prediction_reviews r WHERE r.segment_id = p.id)
         OR EXISTS (SELECT 1 FROM segments d WHERE d.source_segment_id = p.id))`,
    )
    .all(runId, videoId) as unknown as ScoredSegment[];
}

/**
 * A kept prediction counts as already chosen: a new segment of the same label overlapping it
 * by more than the NMS tIoU is left out, as NMS would have. Without this an annotator who had
 * accepted a segment would find the same segment again, undecided, after every re-derive.
 */
function withoutKeptDuplicates(
  segments: readonly ScoredSegment[],
  kept: readonly ScoredSegment[],
  tiou: number,
): ScoredSegment[] {
  return segments.filter(
    (s) =>
      !kept.some(
        (k) =>
          k.label === s.label && temporalIou(s.startSec, s.endSec, k.startSec, k.endSec) > tiou,
      ),
  );
}

/** Videos with stored scores for the run, in project order, with their durations. */
function scoredVideos(db: DatabaseSync, runId: number): { id: string; durationSec: number }[] {
  const rows = db
    .prepare(
      `SELECT v.id, v.duration_sec FROM videos v
       WHERE EXISTS (SELECT 1 FROM snippet_scores s WHERE s.run_id = ? AND s.video_id = v.id)
       ORDER BY v.position`,
    )
    .all(runId) as { id: string; duration_sec: number | null }[];
  return rows.map((r) => {
    if (r.duration_sec === null || !(r.duration_sec > 0)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `video "${r.id}" has no duration; it is needed to place the last snippet`,
      );
    }
    return { id: r.id, durationSec: r.duration_sec };
  });
}

function mustRead(db: DatabaseSync, runId: number, stream: string, videoId: string): SnippetScores {
  const scores = readSnippetScores(db, runId, stream, videoId);
  if (!scores) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${runId}: video "${videoId}" has no stored "${stream}" scores`,
    );
  }
  return scores;
}

/**
 * Streams sample the same times but their snippets' centres may differ a little (an RGB
 * frame vs a 6-frame flow stack around it). Snippet k of each stream must be nearer to
 * snippet k of the first than to any other: within half the smallest gap between centres.
 */
function pairingToleranceSec(centers: Float64Array): number {
  let smallestGap = Infinity;
  for (let k = 1; k < centers.length; k++) {
    smallestGap = Math.min(smallestGap, centers[k]! - centers[k - 1]!);
  }
  return smallestGap / 2;
}

function checkSameSnippets(
  first: { stream: string; scores: SnippetScores },
  other: { stream: string; scores: SnippetScores },
  videoId: string,
  toleranceSec: number,
): void {
  const a = first.scores;
  const b = other.scores;
  const where = `video "${videoId}": streams "${first.stream}" and "${other.stream}"`;
  if (a.labels.length !== b.labels.length || a.labels.some((l, i) => l !== b.labels[i])) {
    throw new ActionlineError('BAD_ARGUMENT', `${where} have different classes; cannot fuse`);
  }
  const n = a.snippetCenterSec.length;
  if (b.snippetCenterSec.length !== n) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${where} have different snippets (${n} and ${b.snippetCenterSec.length}); cannot fuse`,
    );
  }
  for (let k = 0; k < n; k++) {
    const gapSec = Math.abs(a.snippetCenterSec[k]! - b.snippetCenterSec[k]!);
    if (!(gapSec < toleranceSec || gapSec === 0)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `${where} have different snippets (snippet ${k} at ${a.snippetCenterSec[k]} s and ${b.snippetCenterSec[k]} s); cannot fuse`,
      );
    }
  }
}
