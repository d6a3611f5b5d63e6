import type {
  HistoryState,
  MediaNote,
  ReviewStatus,
  SegmentRecord,
  VideoLabelRecord,
  VideoRecord,
} from './types.ts';

/**
 * What the renderer is shown of a project: plain data assembled in the main process from the
 * store, one request each.
 */

export interface AnnotatorInfo {
  id: number;
  name: string;
}

export interface ProjectInfo {
  file: string;
  annotator: AnnotatorInfo;
  annotators: AnnotatorInfo[];
  videoCount: number;
  /** Project setting: suggestions of different classes may overlap in time. */
  coOccurringClasses: boolean;
}

/** One row of the project view. */
export interface VideoSummary {
  id: string;
  path: string | null;
  durationSec: number | null;
  reviewStatus: ReviewStatus;
  subset: string | null;
  /** Best predicted video-level labels, best first (at most 3). */
  predictedLabels: { label: string; score: number | null }[];
  /** The current annotator's confirmed labels. */
  confirmedLabels: string[];
  /** Shared predictions of the video's newest run the current annotator has not decided on yet. */
  undecidedPredictions: number;
  /** Segments in the current annotator's own layer. */
  annotatorSegments: number;
  /** Model runs that produced predictions for this video. */
  runCount: number;
  /** The current annotator's active review time in the editor, and actions (keys, clicks). */
  reviewActiveSec: number;
  reviewActions: number;
  /** What probing said about its file (a cut-short copy, the stream analysed of several). */
  mediaNotes: MediaNote[];
  /**
   * How unsure the project's head is of the video, in [0, 1] (1 − the top-2 margin, averaged
   * over its snippets), from the newest head run that scored it; null where none did.
   */
  headUncertainty: { value: number; head: string; runId: number } | null;
}

export interface RunInfo {
  id: number;
  modelId: string;
  createdAt: string;
  source: string;
  streams: { stream: string; labels: string[] }[];
  /** Whether snippet scores of this run are stored for the video asked about. */
  hasScores: boolean;
}

/** Everything the editor needs to open one video. */
export interface VideoDetail {
  video: VideoRecord;
  /**
   * The current annotator's layer: own segments plus undecided predictions of the video's newest
   * run (project/segmentQueries.ts), by start. Of a run with a suggested labelling for this video, its suggestions (its ranked detections are in
   * `alternatives`); of a run without one (imported results), its ranked detections.
   */
  segments: SegmentRecord[];
  /** Undecided ranked detections of runs with suggestions: shown on demand, by start. */
  alternatives: SegmentRecord[];
  /** Confirmed labels, and the predicted labels of the newest run that predicted any. */
  labels: VideoLabelRecord[];
  runs: RunInfo[];
  /** Where the player loads the media from (web shell: /media/<id>). */
  mediaUrl: string | null;
  history: HistoryState;
}

/** The answer to every edit: what changed and the annotator's undo/redo state of its video after it. */
export interface EditOutcome {
  action: string;
  videoId: string | null;
  history: HistoryState;
}
