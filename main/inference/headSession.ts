import ort from 'onnxruntime-node';
import type { HeadManifest } from '../../shared/heads/headManifest.ts';
import { ActionlineError } from '../base/errors.ts';

/**
 * A project's head (models/head/headGraph.ts) in onnxruntime, in the calling process: a
 * MatMul over pooled features is microseconds a snippet, so it needs no worker, no GPU and
 * one thread (the backbone, where frames must be decoded, runs in the analysis host).
 */
export interface HeadSession {
  /** Probabilities [N, classes] for rows [N, manifest.input.size]. */
  run(rows: Float32Array): Promise<Float32Array>;
  release(): Promise<void>;
}

/** Rows per call: bounds the tensors ORT allocates for an hour-long video. */
const ROWS_PER_CALL = 4096;

export async function createHeadSession(
  onnx: Uint8Array,
  manifest: HeadManifest,
): Promise<HeadSession> {
  const where = `head "${manifest.name}"`;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(onnx, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
    });
  } catch (err) {
    throw new ActionlineError(
      'BAD_MODEL',
      `${where}: onnxruntime cannot load its graph: ${String(err).split('\n')[0]}`,
    );
  }
  const size = manifest.input.size;
  const classes = manifest.labels.length;
  return {
    async run(rows) {
      if (rows.length % size !== 0) {
        throw new ActionlineError(
          'INTERNAL',
          `${where}: ${rows.length} values are not rows of ${size}`,
        );
      }
      const n = rows.length / size;
      const out = new Float32Array(n * classes);
      for (let first = 0; first < n; first += ROWS_PER_CALL) {
        const count = Math.min(ROWS_PER_CALL, n - first);
        const input = new ort.Tensor(
          'float32',
          rows.subarray(first * size, (first + count) * size),
          [count, size],
        );
        const result = await session.run({ [manifest.input.name]: input });
        const probabilities = result[manifest.output.name]!;
        if (probabilities.size !== count * classes) {
          throw new ActionlineError(
            'BAD_MODEL',
            `${where}: its graph gave ${probabilities.size / count} values a row for ${classes} labels`,
          );
        }
        out.set(probabilities.data as Float32Array, first * classes);
      }
      return out;
    },
    release: () => session.release(),
  };
}
