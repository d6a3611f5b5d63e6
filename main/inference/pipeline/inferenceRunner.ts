/**
 * Runs model batches somewhere other than the calling thread. onnxruntime-node's `run()` is
 * synchronous under its promise (it blocks the thread that calls it), so the decoder and the
 * model must live on different threads for the two stages to overlap.
 */
export interface InferenceRunner {
  /** Execution provider in use, e.g. "cpu" or "cuda". */
  readonly provider: string;
  /** Why a preferred provider was not used; empty when none was skipped. */
  readonly fallbackNotes: readonly string[];
  readonly classCount: number;
  /** Runs one batch; `input` is transferred (unusable afterwards). Returns [N, classCount]. */
  run(input: Float32Array, dims: readonly number[]): Promise<Float32Array>;
  close(): Promise<void>;
}
