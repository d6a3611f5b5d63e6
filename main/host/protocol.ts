import type { Device } from '../inference/executionProviders.ts';
import type { StreamWeights } from '../pipeline/flowTwoStream.ts';
import type { ScoreVideoRequest, ScoreVideoResult } from '../pipeline/scoreVideo.ts';

/**
 * The typed protocol between the app (or CLI) and the analysis worker process, over
 * shared/rpc. Messages use Node's "advanced" serialisation, so typed arrays cross as
 * binary, not as JSON numbers.
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

/** Read by workerEntry.ts at start: the niceness it gives itself (so its threads and ffmpeg too). */
export const WORKER_NICENESS_ENV = 'ACTIONLINE_WORKER_NICENESS';

export interface ScoreProgress {
  doneSnippets: number;
  totalSnippets: number;
}

export interface ModelInUse {
  provider: string;
  fallbackNotes: string[];
}

export type AnalysisWorkerMethods = {
  /**
   * One video; 'model' comes once the session is ready, before any 'progress'; 'decoded'
   * once its decoding has ended and only inference remains (the host may send the next job).
   */
  score: {
    request: ScoreJob;
    response: ScoreVideoResult;
    progress: { progress: ScoreProgress; model: ModelInUse; decoded: null };
  };
};
