import { derive, type DerivationParams } from '../analysis/derivation.ts';
import type { EdgeEvidence } from '../analysis/suggestedLabelling.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from '../host/analysisHost.ts';
import type { ScoreJob } from '../host/protocol.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { ScoredSegment, SnippetScores, VideoLabel } from '../../shared/analysis/types.ts';
import { mediaNotes, type MediaNote } from '../video/mediaNotes.ts';
import { undecodedFramesNote } from '../../shared/analysis/maskedStretches.ts';
import { refinementFrames } from './refineEdges.ts';

/**
 * The one per-video step of every model run: score the video in the analysis host, derive
 * its predictions, refine the suggested labelling's edges (score the frames between the plan's
 * snippets around each edge, then derive again), hand all of it to a sink (the CLI's parts and
 * results file, the app's project, the queue's job result). Callers loop over videos
 * (forEachVideo.ts) or process queue jobs as they must; nothing here is shared between two
 * calls, so a caller may start the next video's step before this one's ends.
 */

export interface VideoStepContext {
  host: AnalysisHost;
  /** How every video of the run is scored; the step adds the file. */
  job: Omit<ScoreJob, 'videoPath'>;
  derivation: DerivationParams;
  /**
   * Score every frame near the suggestions' edges (runs/refineEdges.ts). Off for flow and
   * two-stream jobs, where each extra snippet costs optical flow (see refineByDefault).
   */
  refineEdges: boolean;
}

export interface StepVideo {
  videoId: string;
  path: string;
}

/** What a video's step derived: what the CLI's parts keep and the queue's results carry. */
export interface DerivedVideoResults {
  durationSec: number;
  snippetCount: number;
  labels: VideoLabel[];
  /** Ranked detections (overlapping proposals, best first). */
  segments: ScoredSegment[];
  /** The suggested labelling (one segment per action instance, by start time). */
  suggestions: ScoredSegment[];
  /**
   * What the user should know about this video's results: 'partial' when they do not cover
   * all of it (frames that do not decode, a cut-short file), 'info' for how it was read.
   */
  notes?: MediaNote[];
}

export interface ScoredVideo {
  video: StepVideo;
  scored: ScoreVideoResult;
  /** The per-frame scores the suggestions' edges were refined with, when they were. */
  edgeScores: SnippetScores | null;
  derived: DerivedVideoResults;
}

/** Where a scored video goes; its value is the step's. */
export type VideoSink<R> = (video: ScoredVideo) => R | Promise<R>;

export interface VideoStepOptions {
  signal?: AbortSignal;
  onProgress?: (p: ScoreProgress) => void;
  onModel?: (m: ModelInUse) => void;
}

export async function runVideoStep<R>(
  ctx: VideoStepContext,
  video: StepVideo,
  sink: VideoSink<R>,
  opts: VideoStepOptions = {},
): Promise<R> {
  const job = { ...ctx.job, videoPath: video.path };
  const scored = await ctx.host.score(job, opts);
  let derived = deriveScored(scored, ctx.derivation);
  let edgeScores: SnippetScores | null = null;
  const frames = ctx.refineEdges
    ? refinementFrames(scored.scores, derived.suggestions, scored.video)
    : [];
  if (frames.length > 0) {
    const dense = await ctx.host.score(
      { ...job, sampleFrames: frames },
      opts.signal ? { signal: opts.signal } : {},
    );
    edgeScores = dense.scores;
    derived = deriveScored(scored, ctx.derivation, edgeScores);
  }
  return sink({ video, scored, edgeScores, derived });
}

/** A scored video's predictions (for two-stream jobs, from the fused scores). */
export function deriveScored(
  scored: ScoreVideoResult,
  derivation: DerivationParams,
  edgeScores: SnippetScores | null = null,
): DerivedVideoResults {
  const durationSec = scored.video.durationSec;
  const { labels, segments, suggestions } = derive(
    scored.scores,
    durationSec,
    derivation,
    edgeEvidence(scored, edgeScores),
  );
  const notes = videoNotes(scored);
  return {
    durationSec,
    snippetCount: scored.snippets.length,
    labels,
    segments,
    suggestions,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** The file's media notes, and the stretches masked because their frames do not decode. */
export function videoNotes(scored: Pick<ScoreVideoResult, 'video' | 'scores'>): MediaNote[] {
  const notes = mediaNotes(scored.video);
  const undecoded = undecodedFramesNote(scored.scores, scored.video.durationSec);
  if (undecoded !== null) notes.unshift({ kind: 'partial', text: undecoded });
  return notes;
}

/** What the video says about its edges: per-frame scores, and frame starts at a constant rate. */
export function edgeEvidence(
  scored: { video: Pick<ScoreVideoResult['video'], 'fps' | 'isVariableFrameRate'> },
  edgeScores: SnippetScores | null,
): EdgeEvidence {
  const { fps, isVariableFrameRate } = scored.video;
  return {
    ...(edgeScores ? { dense: edgeScores } : {}),
    ...(isVariableFrameRate ? {} : { frameRateFps: fps.num / fps.den }),
  };
}

/** Refinement is worth it where an extra snippet is cheap: not for optical flow. */
export function refineByDefault(job: Pick<ScoreJob, 'twoStream' | 'flow'>): boolean {
  return job.twoStream === undefined && job.flow === undefined;
}
