/**
 * ActivityNet v1.3 files as Actionline reads them: the ground-truth "database" file and the
 * results files of the detection, classification and proposal tasks. Times are seconds.
 * Lists keep the order of the file (JSON.parse order: integer-like keys such as "17" come
 * first, in ascending order — a JavaScript object rule).
 */

export interface SegmentSec {
  startSec: number;
  endSec: number;
}

export interface TaxonomyNode {
  nodeId: number;
  nodeName: string;
  parentId: number | null;
  parentName: string | null;
}

export interface GroundTruthAnnotation {
  segment: SegmentSec;
  label: string;
}

export interface GroundTruthVideo {
  videoId: string;
  /** `training`, `validation` or `testing` in the official files; any string is kept. */
  subset: string;
  durationSec: number;
  resolution?: string;
  url?: string;
  annotations: GroundTruthAnnotation[];
}

export interface GroundTruthFile {
  version: string;
  taxonomy: TaxonomyNode[];
  videos: GroundTruthVideo[];
  /** Things worth telling the user that do not make the file invalid (zero-length segments). */
  warnings: string[];
}

export type ResultsTask = 'detection' | 'classification' | 'proposals';

export interface DetectionEntry {
  label: string;
  score: number;
  segment: SegmentSec;
}

export interface ClassificationEntry {
  label: string;
  score: number;
}

export interface ProposalEntry {
  score: number;
  segment: SegmentSec;
}

export type ResultsEntry<T extends ResultsTask> = T extends 'detection'
  ? DetectionEntry
  : T extends 'classification'
    ? ClassificationEntry
    : ProposalEntry;

export interface ResultsVideo<T extends ResultsTask> {
  videoId: string;
  entries: ResultsEntry<T>[];
}

export interface ExternalData {
  used?: boolean;
  details?: string;
}

/**
 * Which of a run's two products a detection results file holds: the ranked detections
 * (overlapping proposals, best first: what mAP wants) or the suggested labelling (one segment
 * per action instance: what an annotator reviews). Both use the detection format; Actionline
 * marks the second with a top-level key of its own (RESULTS_PRODUCT_KEY), which ActivityNet
 * allows and its evaluator ignores. A file without the key holds ranked detections.
 */
export type ResultsProduct = 'detections' | 'suggestions';

/**
 * The top-level key of the marker: {"actionline": {"product": "suggestions"}}. A file exported
 * without a run chosen (each video's newest run's) also lists there the run of each video:
 * {"actionline": {"product": "detections", "runs": [{"run": 3, "model": "motion",
 * "created_at": "…", "videos": ["a", "b"]}]}} (classification and proposal files: no product).
 */
export const RESULTS_PRODUCT_KEY = 'actionline';

/** A model run that a results file was written from, and the videos it gave. */
export interface ResultsRun {
  runId: number;
  modelId: string;
  /** ISO 8601, as the project stores it. */
  createdAt: string;
  videoIds: string[];
}

export interface ResultsFile<T extends ResultsTask> {
  task: T;
  version: string;
  externalData: ExternalData;
  videos: ResultsVideo<T>[];
  /** What the file's marker says it holds; absent: no marker (ranked detections). */
  product?: ResultsProduct;
  /** Written only: the runs the file was exported from (read files leave it out). */
  runs?: ResultsRun[];
  warnings: string[];
}
