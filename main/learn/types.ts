/**
 * A project's own classes learnt from its reviewed videos (issue 26): what the training set
 * assembled from a project holds, and what training gives back. Pure data; the maths that
 * reads and makes it lives beside this file and imports no project, no model, no I/O.
 */

/** A reviewed video's per-snippet features (float16, as the store keeps them) and targets. */
export interface TrainingVideo {
  videoId: string;
  /** Values per snippet. */
  dim: number;
  /** Row-major [snippet][value] as IEEE float16 bits: never all of a set as float32 at once. */
  half: Uint16Array;
  /**
   * Per snippet: 0 background, 1…K the class `classes[k]`, -1 left out (a masked snippet whose
   * frames do not decode, or one the annotator's segments cover with two classes).
   */
  targets: Int32Array;
}

export interface TrainingSet {
  /** Index 0 is 'background'; then the project's label set, in its order. */
  classes: string[];
  dim: number;
  videos: TrainingVideo[];
}

export interface HeadOptions {
  /** Everything random (the held-out split, background subsampling, shuffles) follows it. */
  seed: number;
  /** Snippets each side pooled into the input (mean before, mean after): 0 is none. */
  contextSnippets: number;
  /** L2 penalty on the weights. */
  l2: number;
  /** Share of the videos held out for early stopping and the metrics (at least one video). */
  heldOutFraction: number;
  /** At most this many background snippets per class snippet in training (class balance). */
  backgroundPerClass: number;
  maxEpochs: number;
  /** Epochs without a better held-out loss before training stops. */
  patience: number;
}

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  /** Held-out snippets of the class (its support). */
  count: number;
}

export interface HeadMetrics {
  heldOutVideoIds: string[];
  trainSnippets: number;
  heldOutSnippets: number;
  /** Per class on the held-out videos, background first. */
  perClass: ClassMetrics[];
  accuracy: number;
  epochs: number;
  /**
   * Average detection mAP (ActivityNet, tIoU 0.5:0.95) of the detections derived from the head
   * on the held-out videos, against the annotator's segments; null where they have none.
   * Measured where the project is at hand (runs/heldOutMap.ts), absent from training alone.
   */
  heldOutMap?: number | null;
  /**
   * A small set's head is fitted again on every reviewed video (trainHead.ts REFIT_MAX_VIDEOS)
   * once these metrics are measured: how many it then learnt from. Absent: not refitted.
   */
  refitOnVideos?: number;
}

/** A head's numbers: logits = ((x − mean) / std) · weights + bias. */
export interface HeadWeights {
  mean: Float32Array;
  std: Float32Array;
  /** Row-major [input][class]. */
  weights: Float32Array;
  bias: Float32Array;
}

/**
 * A linear softmax head over [features, mean of the context before, mean after], standardised
 * by the training set's mean and spread: logits = ((x - mean) / std) · weights + bias.
 */
export interface TrainedHead extends HeadWeights {
  classes: string[];
  dim: number;
  contextSnippets: number;
  /** Input values per snippet: dim × (1 + 2 when contextSnippets > 0). */
  inputSize: number;
  metrics: HeadMetrics;
  options: HeadOptions;
  /**
   * Where the head was refitted on every video: the numbers of the head the metrics were
   * measured with, which never saw the held-out videos (for measures taken later, such as the
   * held-out detection mAP).
   */
  heldOutModel?: HeadWeights;
}
