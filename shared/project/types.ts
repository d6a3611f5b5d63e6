/**
 * Project records as the rest of the app sees them (camelCase, seconds). The SQL rows behind
 * them are in migrations.ts.
 */

export const PROVENANCES = [
  'predicted',
  'accepted',
  'edited',
  'rejected',
  'manual',
  'imported',
] as const;
export type Provenance = (typeof PROVENANCES)[number];

export const REVIEW_STATUSES = ['unreviewed', 'in_progress', 'reviewed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export interface SegmentRecord {
  id: number;
  videoId: string;
  startSec: number;
  endSec: number;
  label: string;
  score: number | null;
  provenance: Provenance;
  runId: number | null;
  /** The prediction this annotator's segment came from. */
  sourceSegmentId: number | null;
  originalLabel: string | null;
  originalScore: number | null;
  /** Whose layer the segment is in and who last changed it; null for a shared prediction. */
  annotatorId: number | null;
  annotatorName: string | null;
  createdById: number | null;
  updatedAt: string;
  /**
   * A shared prediction's product: 'suggested' (the suggested labelling, what is reviewed) or
   * 'ranked' (the ranked detections); null for every other segment.
   */
  product: SegmentProduct | null;
}

export type SegmentProduct = 'ranked' | 'suggested';

/**
 * What the user should know about a video's file (main/video/mediaNotes.ts): 'partial' when
 * results will not cover all of it (a cut-short copy), 'info' for how it is read.
 */
export interface MediaNote {
  kind: 'partial' | 'info';
  text: string;
}

export interface VideoRecord {
  id: string;
  path: string | null;
  url: string | null;
  /** Exact frame rate as num/den; null while the media has not been probed. */
  fpsNum: number | null;
  fpsDen: number | null;
  frameCount: number | null;
  variableFrameRate: boolean;
  durationSec: number | null;
  startOffsetSec: number;
  widthPx: number | null;
  heightPx: number | null;
  resolution: string | null;
  sizeBytes: number | null;
  subset: string | null;
  reviewStatus: ReviewStatus;
  addedAt: string;
  /** From the last probe of its file; empty when there is nothing to say (or not probed). */
  mediaNotes: MediaNote[];
}

/** What is known of a video when it is added; everything but the id may be missing. */
export type NewVideo = Partial<Omit<VideoRecord, 'id' | 'addedAt' | 'reviewStatus'>> & {
  id: string;
};

export interface VideoLabelRecord {
  id: number;
  videoId: string;
  label: string;
  kind: 'predicted' | 'confirmed';
  score: number | null;
  runId: number | null;
  annotatorId: number | null;
  updatedAt: string;
}

/** The current annotator's undo/redo state. */
export interface HistoryState {
  canUndo: boolean;
  canRedo: boolean;
  undoAction: string | null;
  redoAction: string | null;
}
