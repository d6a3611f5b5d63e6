/**
 * The learning curve of the project's heads (issue 26, item 6), as the Evaluation view draws
 * it: what each head learnt from and how it did on the videos it never trained on, against
 * how many reviewed videos it learnt from; and what reviewing cost, video after video, from
 * the editor's own record (review_activity), in the order the videos were marked reviewed.
 */
export interface LearningCurveView {
  /** One point per head, by the reviewed videos it learnt from, then by age. */
  heads: HeadCurvePoint[];
  /** Every reviewed video, in the order it was marked reviewed. */
  reviews: ReviewCostPoint[];
  /** Whose review cost it is. */
  annotator: string;
}

export interface HeadCurvePoint {
  name: string;
  createdAt: string;
  /** Reviewed videos in its training set (the held-out ones included). */
  reviewedVideos: number;
  /** Held-out snippet accuracy. */
  accuracy: number;
  /** Held-out detection mAP (tIoU 0.5:0.95); null where not measured. */
  heldOutMap: number | null;
}

export interface ReviewCostPoint {
  /** 1 for the first video marked reviewed, 2 for the next… */
  order: number;
  videoId: string;
  /** When it was last marked reviewed (an edit); null where that is not recorded (an import). */
  reviewedAt: string | null;
  durationSec: number | null;
  /** The annotator's actions (keys, clicks) and active time in the editor on it. */
  actions: number;
  activeSec: number;
  /** Actions per minute of video; null without actions recorded or a duration. */
  actionsPerMin: number | null;
}
