/**
 * What the import and export dialogs are told: the formats of the main process's
 * registries (so a format added there shows in the dialogs without a change here), and what
 * an import would do or did.
 */

/** One format of an import or export registry. */
export interface FormatView {
  /** The name the CLI's --format takes, and the requests' `format`. */
  name: string;
  /** One line for the dialog's list. */
  title: string;
}

export interface ExportFormatView extends FormatView {
  /** The path is a folder the format's files are written into (THUMOS14 ground truth). */
  folder: boolean;
  /** The usual file name ending, for the path field's example ('' for a folder). */
  extension: string;
}

/** What an import did (import:run) or would do (import:preview). */
export interface ImportReport {
  /** The path read, absolute. */
  file: string;
  /** The format that read it (detected, or the one the request named). */
  format: string;
  /** What the file holds: "ground truth", "detection results", "Label Studio tasks". */
  contents: string;
  /** It holds annotators' labels (so it can mark its videos reviewed). */
  groundTruth: boolean;
  /** Videos in the file, and of those, videos the project does not have yet. */
  videos: number;
  videosAdded: number;
  /** Segments: annotations into layers, or predicted segments of a run. */
  segments: number;
  /** Predicted video-level labels (classification results). */
  videoLabels: number;
  /** Label Studio: predicted segments that are suggestions to review. */
  suggestions: number;
  /** Distinct labels among what is written. */
  labels: number;
  /** The layers (annotators) that get annotations; empty for predictions. */
  annotators: string[];
  /** Rows of an earlier import of the same data that this one replaces. */
  replaced: number;
  /** The model run that holds imported predictions (import:run only; null otherwise). */
  runId: number | null;
  /** With markReviewed: videos that become reviewed, and those that already were. */
  reviewed: { marked: number; already: number } | null;
  /**
   * import:preview: what the import would lose or change (labels outside the active set,
   * annotators folded into one layer, rows left out, segments past the end, an earlier
   * import replaced), as `actionline import --dry-run` says it. Empty for import:run, whose
   * warnings say it.
   */
  losses: string[];
  warnings: string[];
}
