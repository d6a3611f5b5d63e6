/**
 * What the analysis works on and produces: snippets sampled from a video, the model's
 * per-snippet class scores, and the segments and video labels derived from them.
 * Plain data (typed arrays for the bulk), so it crosses IPC and is stored as blobs.
 */

/** A run of consecutive frames fed to the model as one input. Times are seconds from time zero. */
export interface Snippet {
  /** Position in the sampling plan, 0-based. */
  index: number;
  /** First frame of the run (0-based; frame i covers [t_i, t_{i+1})). */
  startFrame: number;
  /** Frames in the run (1 for RGB, 6 for a 5-field optical-flow stack). */
  frameCount: number;
  /** Start of the first frame of the run. */
  startSec: number;
  /** Middle of the time the run's frames cover: where the snippet's score is placed. */
  centerSec: number;
}

/** `logits` are raw class scores (softmax not applied); `probabilities` rows sum to 1. */
export type ScoreKind = 'logits' | 'probabilities';

/** Class scores of every snippet of one video (one stream, crops already aggregated). */
export interface SnippetScores {
  classCount: number;
  /** Class names in model output order; length classCount. */
  labels: string[];
  /** Center time of each snippet, ascending; its length is the snippet count. */
  snippetCenterSec: Float64Array;
  /** Row-major [snippet][class]: scores[s * classCount + c]. */
  scores: Float32Array;
  kind: ScoreKind;
}

/**
 * A backbone's per-snippet features (the manifest's `features` output, averaged over crops like
 * the scores), in the same snippet order as the run's scores.
 */
export interface SnippetFeatures {
  /** Values per snippet. */
  dim: number;
  /** Row-major [snippet][value]: values[s * dim + v]. */
  values: Float32Array;
}

/** A labelled stretch [startSec, endSec) with a confidence. */
export interface ScoredSegment {
  startSec: number;
  endSec: number;
  label: string;
  score: number;
}

/** A video-level class with its confidence. */
export interface VideoLabel {
  label: string;
  score: number;
}
