import type { ResultsProduct } from '../../activitynet/types.ts';
import type { Rational } from '../../../shared/time/rational.ts';
import type { CsvReadOptions } from '../csv/parseCsvSegments.ts';
import type { ImportKind } from './detectKind.ts';
import type { ReviewedCount } from './markReviewed.ts';

export interface ImportOptions {
  /**
   * Whose layer imported ground truth goes into (ActivityNet default "ground truth"; Label
   * Studio default one layer per Label Studio user); unused for results.
   */
  annotator?: string;
  /** Ground truth only: mark the file's videos 'reviewed' by that annotator (results refuse it). */
  markReviewed?: boolean;
  /** Files larger than this are refused (default MAX_IMPORT_BYTES). */
  maxBytes?: number;
  /** CSV only: which header column holds what, the units of start and end, the frame rate. */
  csv?: CsvImportOptions;
}

export interface CsvImportOptions extends CsvReadOptions {
  /** Frames become seconds at this rate where the project has no probed rate of the video. */
  fps?: Rational;
}

export const DEFAULT_GROUND_TRUTH_ANNOTATOR = 'ground truth';

/** What an import did, for the one-line report. */
export interface ImportSummary {
  /** What the file held: ActivityNet ground truth or results of a task, or Label Studio tasks. */
  kind: ImportKind | 'labelStudio';
  /** Detection results: the ranked detections, or the suggested labelling (the file's marker). */
  product?: ResultsProduct;
  file: string;
  /** Videos in the file. */
  videos: number;
  /** Of those, videos the project did not have yet (added by id, metadata only). */
  videosAdded: number;
  /** Segments written: imported annotations, or predicted segments (detection, proposals). */
  segments: number;
  /** Predicted video-level labels written (classification). */
  videoLabels: number;
  /** Distinct labels among what was written. */
  labels: number;
  /** Rows of an earlier import of the same data that this one replaced. */
  replaced: number;
  /** Ground truth: the annotator whose layer holds it (null where several layers got some). */
  annotator: string | null;
  /** Label Studio: every annotator whose layer got annotations, in name order. */
  annotators?: string[];
  /** Label Studio: predicted segments written as suggestions to review (in run `runId`). */
  suggestions?: number;
  /**
   * Label Studio: the frame rate that turned frames into seconds, for each video that had no
   * probed rate (the task's fps or Label Studio's 24), so that an export before the media is
   * linked writes the frames at the same rate.
   */
  frameRates?: Record<string, number>;
  /**
   * The frames of `frameRates` count the video's decoded frames (FiftyOne, CVAT), so the
   * seconds are re-mapped once the media is probed (remapFrameRates.ts). Label Studio's are
   * not: its player places frame f at (f − 1) / its configured rate, so the seconds read at
   * that rate are where the annotator put them, whatever the file's true rate.
   */
  remapWhenProbed?: boolean;
  /** Results: the model run that holds the predictions. */
  runId: number | null;
  /** Ground truth: the label set holding the taxonomy (null for an empty taxonomy). */
  labelSetId: number | null;
  /** Ground truth imported with markReviewed: what became 'reviewed', what already was. */
  reviewed?: ReviewedCount;
  warnings: string[];
}
