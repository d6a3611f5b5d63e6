import type { ErrorInfo } from '../../../shared/result.ts';
import type { Device } from '../executionProviders.ts';
import type { StreamWeights } from '../pipeline/flowTwoStream.ts';
import type { ScoreVideoRequest, ScoreVideoResult } from '../pipeline/scoreVideo.ts';

/**
 * The typed protocol between the app (or CLI) and the analysis worker process. Messages use
 * Node's "advanced" serialisation, so typed arrays cross as binary, not as JSON numbers.
 */
export interface ScoreJob extends ScoreVideoRequest {
  modelRef: string;
  device: Device;
  intraOpThreads: number;
  /**
   * Two-stream runs: `modelRef` is the RGB model and this the flow model, scored on the same
   * snippets and fused (result.scores: the weighted sum of logits; result.streams: both).
   */
  twoStream?: { flowModelRef: string; weights: StreamWeights };
}

export type ToWorker =
  { type: 'score'; jobId: number; job: ScoreJob } | { type: 'cancel'; jobId: number };

export type FromWorker =
  | { type: 'progress'; jobId: number; doneSnippets: number; totalSnippets: number }
  | { type: 'model'; jobId: number; provider: string; fallbackNotes: string[] }
  | { type: 'result'; jobId: number; result: ScoreVideoResult }
  | { type: 'error'; jobId: number; error: ErrorInfo };
