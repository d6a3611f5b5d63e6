import { derive, type DerivationParams } from '../analysis/derivation.ts';
import type { AnalysisHost, ModelInUse, ScoreProgress } from '../inference/host/analysisHost.ts';
import type { ScoreJob } from '../inference/host/protocol.ts';
import type { ScoreVideoResult } from '../inference/pipeline/scoreVideo.ts';
import type { ScoredSegment, VideoLabel } from '../../shared/analysis/types.ts';

/**
 * The one per-video step of every model run: score the video in the analysis host, derive
 * its predictions, hand both to a sink (the CLI's parts and results file, the app's project,
 * the queue's job result). Callers loop over videos (forEachVideo.ts) or process queue jobs
 * as they must; nothing here is shared between two calls, so a caller may start the next
 * video's step before this one's ends.
 */

export interface VideoStepContext {
  host: AnalysisHost;
  /** How every video of the run is scored; the step adds the file. */
  job: Omit<ScoreJob, 'videoPath'>;
  derivation: DerivationParams;
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
  segments: ScoredSegment[];
}

export interface ScoredVideo {
  video: StepVideo;
  scored: ScoreVideoResult;
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
  const scored = await ctx.host.score({ ...ctx.job, videoPath: video.path }, opts);
  return sink({ video, scored, derived: deriveScored(scored, ctx.derivation) });
}

/** A scored video's predictions (for two-stream jobs, from the fused scores). */
export function deriveScored(
  scored: ScoreVideoResult,
  derivation: DerivationParams,
): DerivedVideoResults {
  const durationSec = scored.video.durationSec;
  const { labels, segments } = derive(scored.scores, durationSec, derivation);
  return { durationSec, snippetCount: scored.snippets.length, labels, segments };
}
