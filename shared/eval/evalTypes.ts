/**
 * What the in-app evaluation returns (main/eval/projectEval.ts, main/eval/agreement.ts):
 * plain data for the renderer. Undefined numbers (no ground truth, 0 / 0) are null, never NaN.
 */

/** A model run as the evaluation view lists it. */
export interface RunSummary {
  id: number;
  modelId: string;
  modelVersion: string;
  task: string;
  source: string;
  createdAt: string;
  /** Shared predicted segments of the run, over all videos. */
  /** Ranked detections. */
  predictionCount: number;
  /** Segments of the suggested labelling. */
  suggestionCount: number;
  videoCount: number;
}

export interface ClassDetectionRow {
  label: string;
  /** Ground-truth instances of the class. */
  instances: number;
  predictions: number;
  /** AP at each tIoU threshold. */
  ap: number[];
  /** Mean of `ap` over the thresholds. */
  averageAp: number | null;
}

export interface DetectionSummary {
  tiouThresholds: number[];
  /** mAP at each threshold (mean over ground-truth classes). */
  mAP: (number | null)[];
  /** Mean of `mAP` over the thresholds (ActivityNet's average mAP, mAP@[.5:.95]). */
  averageMAP: number | null;
  perClass: ClassDetectionRow[];
  counts: { videos: number; instances: number; predictions: number };
}

export interface VideoDetectionRow {
  videoId: string;
  instances: number;
  predictions: number;
  /** Over the classes annotated in this video only; null where it has no ground truth. */
  mAP: (number | null)[];
  averageMAP: number | null;
  /** True positives at tIoU 0.5 among this video's predictions (also of other classes). */
  truePositivesAt05: number;
}

export interface PrPoint {
  recall: number;
  precision: number;
}

/**
 * Precision–recall after each prediction in score order, reduced to the points that carry
 * the curve's shape (the point after each true positive and the last one before it, plus
 * the final point): the interpolated envelope of these points is the full curve's.
 */
export interface PrCurveData {
  /** A class name, or null for the pooled curve of all classes. */
  label: string | null;
  points: PrPoint[];
  /** AP at the curve's threshold (null for the pooled curve without ground truth). */
  ap: number | null;
  instances: number;
  predictions: number;
}

export interface ClassificationSummary {
  mAP: number | null;
  hitAt1: number | null;
  topK: number;
  hitAtK: number | null;
  avgHitAtK: number | null;
  /** Ground-truth videos with labels; how many took them from confirmed labels vs segments. */
  videos: number;
  fromConfirmed: number;
  fromSegments: number;
  predictions: number;
}

export interface RunEvaluation {
  runId: number;
  /** The ground-truth annotator; null: every annotator's work together. */
  annotator: string | null;
  /** How ground-truth videos were chosen, in words, for the UI. */
  groundTruthRule: string;
  /** Videos counted as ground truth (reviewed), in id order. */
  videoIds: string[];
  detection: DetectionSummary;
  perVideo: VideoDetectionRow[];
  classification: ClassificationSummary;
  /** PR curves at this threshold: one per ground-truth class and the pooled one. */
  prTiou: number;
  prCurves: PrCurveData[];
  prPooled: PrCurveData;
  warnings: string[];
}

export interface BoundaryOffsets {
  /** Matched pairs of the same label. */
  pairs: number;
  /** B − A, seconds: positive where B starts (ends) later than A. */
  start: OffsetStats;
  end: OffsetStats;
}

export interface OffsetStats {
  meanAbsSec: number | null;
  medianAbsSec: number | null;
  meanSignedSec: number | null;
}

export interface ConfusionTable {
  /** Row labels (annotator A) then null for "none" (a B segment matched by nothing). */
  rows: (string | null)[];
  /** Column labels (annotator B) then null for "none" (an A segment matched by nothing). */
  columns: (string | null)[];
  /** counts[row][column]. */
  counts: number[][];
}

export interface AgreementResult {
  annotatorA: string;
  annotatorB: string;
  groundTruthRule: string;
  /** Videos both annotators reviewed. */
  videoIds: string[];
  /** A as ground truth, B's segments as predictions with score 1. */
  aAsTruth: DetectionSummary;
  /** B as ground truth, A's segments as predictions. */
  bAsTruth: DetectionSummary;
  /** Mean of the two directions (null where either is null). */
  symmetric: { mAP: (number | null)[]; averageMAP: number | null };
  confusion: ConfusionTable;
  /** Minimum tIoU for a confusion / offset match. */
  matchTiou: number;
  offsets: BoundaryOffsets;
  offsetsPerClass: ({ label: string } & BoundaryOffsets)[];
  warnings: string[];
}
