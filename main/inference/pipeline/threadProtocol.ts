import type { ErrorInfo } from '../../../shared/result.ts';
import type { Device } from '../executionProviders.ts';

/** Messages between the analysis worker and its inference thread. */
export interface InferenceThreadInit {
  modelRef: string;
  device: Device;
  intraOpThreads: number;
}

export type ToInferenceThread =
  { type: 'run'; id: number; input: Float32Array; dims: number[] } | { type: 'close' };

export type FromInferenceThread =
  | { type: 'ready'; provider: string; fallbackNotes: string[]; classCount: number }
  | { type: 'initFailed'; error: ErrorInfo }
  | { type: 'result'; id: number; output: Float32Array; input: Float32Array }
  | { type: 'runFailed'; id: number; error: ErrorInfo };
