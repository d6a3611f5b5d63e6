import type { Device } from '../inference/executionProviders.ts';
import type { RunResult } from './inferenceRunner.ts';

/** The requests between the analysis worker and its inference thread (over shared/rpc). */
export interface InferenceThreadInit {
  modelRef: string;
  device: Device;
  intraOpThreads: number;
}

export interface ModelReady {
  provider: string;
  fallbackNotes: string[];
  classCount: number;
}

export type InferenceThreadMethods = {
  /** Loads the model and creates its session; the first request. */
  open: { request: InferenceThreadInit; response: ModelReady };
  /** One batch; `input` travels by transfer and comes back with the output (and features). */
  run: {
    request: { input: Float32Array; dims: number[]; features: boolean };
    response: RunResult;
  };
  /** Releases the session; the thread is terminated after it answers. */
  close: { request: null; response: null };
};
