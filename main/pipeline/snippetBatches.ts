import { ActionlineError } from '../base/errors.ts';
import type { InferenceRunner } from './inferenceRunner.ts';

/**
 * The batching half of a video's pipeline (scoreVideo.ts): snippets are preprocessed into a
 * batch buffer as they decode; a full batch goes to the inference thread while the next one
 * fills, and its outputs (crops averaged) land in the video's score and feature arrays.
 */

/** Batches in flight at once: one being inferred, one waiting, while the next decodes. */
const MAX_BATCHES_IN_FLIGHT = 2;

export interface BatchPlan {
  /** Snippets per model call. */
  batchSnippets: number;
  /** Input values per snippet (preprocessPlan.ts valuesPerSnippet). */
  valuesPerSnippet: number;
  /** Output rows per snippet, one per crop: averaged into one (preprocessPlan.ts entriesPerSnippet). */
  rowsPerSnippet: number;
  /** The model's input dimensions for a batch of `count` snippets. */
  inputDims: (count: number) => readonly number[];
  /** Writes a snippet's frames into `batch` from `offset`; returns the offset after them. */
  preprocess: (frames: readonly Uint8Array[], batch: Float32Array, offset: number) => number;
  /** Named in a batch's error. */
  videoPath: string;
}

/** Where the batches' outputs go, one row per snippet in plan order. */
export interface BatchOutputs {
  scores: Float32Array;
  classCount: number;
  /** null: no features asked for. */
  features: Float32Array | null;
  featureSize: number;
}

export interface SnippetBatches {
  /** The next snippet in plan order; a full batch is dispatched. Throws once a batch failed. */
  add(frames: readonly Uint8Array[]): Promise<void>;
  /** Dispatches the last (short) batch and waits for every batch. */
  finish(): Promise<void>;
  /** After a failure: lets the batches in flight end before the error goes on. */
  settle(): Promise<void>;
}

export function snippetBatches(
  ready: Promise<InferenceRunner>,
  plan: BatchPlan,
  out: BatchOutputs,
  /** A batch's outputs are in: `count` snippets more are done. */
  onBatchDone: (count: number) => void,
): SnippetBatches {
  const { batchSnippets, rowsPerSnippet } = plan;
  const { scores, classCount, features, featureSize } = out;
  const inFlight: Promise<void>[] = [];
  // The first batch that failed. Every batch promise has a handler from the start: one that
  // fails while this thread decodes the next must not become an unhandled rejection (that
  // ends the worker process, and the user would see WORKER_CRASHED instead of the error).
  let failed: { err: unknown } | undefined;
  // Batch buffers go to the inference thread and come back with the result; at most
  // MAX_BATCHES_IN_FLIGHT + 1 ever exist (in flight, and the one being filled). Allocating
  // one per batch instead left tens of MB of garbage between collections in each thread,
  // which the allocator kept as resident memory that grew with the video's length.
  const batchValues = batchSnippets * plan.valuesPerSnippet;
  const spare: Float32Array[] = [];
  let batch: Float32Array = new Float32Array(batchValues);
  let batchStart = 0;
  let batchCount = 0;
  let offset = 0;

  const dispatch = async () => {
    if (batchCount === 0) return;
    if (inFlight.length >= MAX_BATCHES_IN_FLIGHT) await inFlight.shift();
    if (failed) throw failed.err;
    const runner = await ready;
    const first = batchStart;
    const count = batchCount;
    // A short last batch is a view of the buffer: the transfer still moves all of it.
    const input =
      count === batchSnippets ? batch : batch.subarray(0, count * plan.valuesPerSnippet);
    const withFeatures = { features: features !== null };
    const inferred = runner.run(input, plan.inputDims(count), withFeatures).then(
      ({ output, features: batchFeatures, input: back }) => {
        spare.push(new Float32Array(back.buffer, 0, batchValues));
        averageCrops(output, count, rowsPerSnippet, classCount, scores, first);
        if (features) {
          if (!batchFeatures)
            throw new ActionlineError('INTERNAL', 'a batch came without features');
          averageCrops(batchFeatures, count, rowsPerSnippet, featureSize, features, first);
        }
        onBatchDone(count);
      },
      (err: unknown) => {
        const inVideo = withVideo(err, plan.videoPath, first, count);
        failed ??= { err: inVideo };
        throw inVideo;
      },
    );
    inferred.catch(() => {}); // recorded in `failed`; awaited (and thrown) in order below
    inFlight.push(inferred);
    // The dispatched buffer was transferred; fill a returned one (or, early on, a new one).
    batch = spare.pop() ?? new Float32Array(batchValues);
    batchStart += count;
    batchCount = 0;
    offset = 0;
  };

  return {
    async add(frames) {
      if (failed) throw failed.err; // stop decoding for a run that cannot finish
      offset = plan.preprocess(frames, batch, offset);
      batchCount++;
      if (batchCount === batchSnippets) await dispatch();
    },
    async finish() {
      await dispatch();
      await Promise.all(inFlight);
    },
    async settle() {
      await Promise.allSettled(inFlight);
    },
  };
}

/** A batch's error, saying which video and snippets it was scoring (the model says itself). */
function withVideo(err: unknown, videoPath: string, first: number, count: number): unknown {
  if (!(err instanceof ActionlineError)) return err;
  const where = `while scoring ${videoPath}, snippets ${first}–${first + count - 1}`;
  return new ActionlineError(err.code, `${err.message} (${where})`, err.file);
}

/**
 * TSN averages crops on the model's raw outputs (logits), before any softmax; features are
 * averaged the same way. `width`: values per crop (classes, or the features' size).
 */
function averageCrops(
  out: Float32Array,
  snippets: number,
  crops: number,
  width: number,
  into: Float32Array,
  firstSnippet: number,
): void {
  for (let s = 0; s < snippets; s++) {
    const dst = (firstSnippet + s) * width;
    for (let k = 0; k < width; k++) {
      let sum = 0;
      for (let c = 0; c < crops; c++) sum += out[(s * crops + c) * width + k]!;
      into[dst + k] = sum / crops;
    }
  }
}
