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
  /**
   * Runs one batch. `input` is transferred to the runner's thread (unusable meanwhile) and
   * handed back with the output, so a caller can refill the same memory for a later batch
   * instead of allocating (and leaving the garbage collector) a new one per batch.
   */
  run(input: Float32Array, dims: readonly number[], opts?: RunOptions): Promise<RunResult>;
  close(): Promise<void>;
}

export interface RunOptions {
  /** Also fetch the manifest's features output (ignored for a model without one). */
  features?: boolean;
}

export interface RunResult {
  /** The model's output, [N, classCount]. */
  output: Float32Array;
  /** The features output, [N, the manifest's features.size]: only where asked for and named. */
  features?: Float32Array;
  /** The `input` passed to run(), back from the inference thread, free to reuse. */
  input: Float32Array;
}
