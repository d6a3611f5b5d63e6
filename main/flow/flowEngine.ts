import type { FloatImage } from './imageOps.ts';
import type { FlowField } from './tvl1.ts';

// What computes TV-L1 fields for the flow stage (flowStage.ts): the CPU worker pool, or the
// ONNX solver's thread (flowOnnxThread.ts), which flowStage.ts starts; so the shape sits
// below both.

export type FlowEngineKind = 'cpu' | 'onnx';

export interface FlowEngine {
  readonly kind: FlowEngineKind;
  /** Where the solver runs ('cpu' threads, or the ORT execution provider). */
  readonly provider: string;
  readonly fallbackNotes: readonly string[];
  /** Fields it can compute at once (more requests wait in line). */
  readonly parallelism: number;
  flow(I0: FloatImage, I1: FloatImage): Promise<FlowField>;
  close(): Promise<void>;
}
