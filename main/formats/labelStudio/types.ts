/**
 * A Label Studio tasks file for video with TimelineLabels, as Actionline reads it: only what
 * it stores, frames as Label Studio numbers them (frames.ts), JSON paths kept for messages.
 */

/** One TimelineLabels region with one label (a region with two labels is two of these). */
export interface TimelineRegion {
  /** 1-based, inclusive at both ends; start ≥ 1 and end ≥ start. */
  startFrame: number;
  endFrame: number;
  label: string;
  /** The region's own `score`, if it has one (predictions). */
  score: number | null;
}

/** Who made an annotation: `completed_by` as Label Studio exports it. */
export type LabelStudioUser =
  { kind: 'id'; id: number } | { kind: 'email'; email: string } | { kind: 'unknown' };

export interface LabelStudioAnnotation {
  user: LabelStudioUser;
  /** JSON path of the annotation, for messages. */
  path: string;
  regions: TimelineRegion[];
}

export interface LabelStudioPrediction {
  /** `model_version` as written (Label Studio stores it as text). */
  modelVersion: string | null;
  /** The prediction's overall `score`: for regions that have none of their own. */
  score: number | null;
  path: string;
  regions: TimelineRegion[];
}

export interface LabelStudioTask {
  /** The task's `id`, if it has one. */
  id: number | string | null;
  /** JSON path of the task ("[3]"; "" for a file holding one task object). */
  path: string;
  /** The video's file name (videoName.ts), possibly with Label Studio's upload prefix. */
  videoName: string;
  /** The task's own frame rate (`data.fps`), as Label Studio would read it; null without. */
  taskFps: number | null;
  /** Annotations that were not cancelled (skipped). */
  annotations: LabelStudioAnnotation[];
  predictions: LabelStudioPrediction[];
}

export interface LabelStudioFile {
  tasks: LabelStudioTask[];
  /** Things worth telling the user that do not make the file invalid. */
  warnings: string[];
}
