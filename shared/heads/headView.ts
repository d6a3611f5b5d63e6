/**
 * A project's head as the app shows it (issue 26, item 6): what it learnt from and how it did
 * on the reviewed videos it never trained on, shown before it is used.
 */
export interface HeadView {
  name: string;
  createdAt: string;
  /** The backbone whose features it reads, and the run they were taken from. */
  backbone: { modelId: string; runId: number | null };
  /** Its classes, background first. */
  labels: string[];
  /** Whose reviewed videos it learnt from. */
  annotator: string;
  /** Reviewed videos in its training set, the held-out ones included. */
  videoCount: number;
  heldOutVideoIds: string[];
  /** Per class on the held-out videos' snippets, background first. */
  perClass: { label: string; precision: number; recall: number; count: number }[];
  /** Held-out snippet accuracy. */
  accuracy: number;
  /** Held-out detection mAP (ActivityNet, tIoU 0.5:0.95); null where it was not measured. */
  heldOutMap: number | null;
  trainSnippets: number;
  heldOutSnippets: number;
  epochs: number;
  /** What the training set left out and why, the backbone run chosen. */
  notes: string[];
}
