import { existsSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { ActionlineError } from '../errors.ts';
import { openWithFallback, planProviders, type Device } from './executionProviders.ts';
import type { LoadedModel } from './manifest.ts';
import { modelInputDims } from './preprocessPlan.ts';

// Failures reach the user as errors and fallback notes; ORT's own log would repeat them
// (in red, with build paths) whenever an optional GPU provider is missing. It is read when
// the first session is created; ACTIONLINE_ORT_LOG=warning (or verbose) brings it back.
const ORT_LOG_LEVELS = ['verbose', 'info', 'warning', 'error', 'fatal'] as const;
const requestedLog = process.env.ACTIONLINE_ORT_LOG as (typeof ORT_LOG_LEVELS)[number] | undefined;
ort.env.logLevel = requestedLog && ORT_LOG_LEVELS.includes(requestedLog) ? requestedLog : 'fatal';

export interface ModelSession {
  /** Execution provider in use, e.g. "cpu" or "cuda". */
  provider: string;
  /** Providers skipped or failed and the fallback taken; empty when the first choice worked. */
  fallbackNotes: readonly string[];
  inputName: string;
  outputName: string;
  classCount: number;
  /**
   * Runs one batch (dims from modelInputDims) and returns the model's output as [N, classCount]:
   * logits, or probabilities where the manifest says so. Blocks the calling thread.
   */
  run(input: Float32Array, dims: readonly number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

export interface SessionOptions {
  device: Device;
  /** ORT intra-op threads; 0 or absent lets ORT use every core. */
  intraOpThreads?: number;
}

/** ORT's messages for a file that is not an ONNX model at all: no provider can help. */
const CORRUPT_MODEL = /protobuf parsing failed|INVALID_PROTOBUF|no graph was found/i;

/**
 * Creates the session for a model, once (sessions are expensive: reuse it for every batch),
 * on the best provider that loads; every provider skipped or failed is in fallbackNotes.
 * Checks the graph against the manifest: input name and shape, output name, and that the
 * output has one value per label.
 */
export async function createModelSession(
  model: LoadedModel,
  opts: SessionOptions,
): Promise<ModelSession> {
  const modelFile = 'path' in model.onnx ? model.onnx.path : model.manifestPath;
  if ('path' in model.onnx && !existsSync(model.onnx.path)) {
    throw new ActionlineError('FILE_NOT_FOUND', 'ONNX model file not found', model.onnx.path);
  }
  // A path (not bytes) lets ORT find external weight files next to the model.
  const source = 'path' in model.onnx ? model.onnx.path : model.onnx.bytes;
  const sessionOptions = (provider: string): ort.InferenceSession.SessionOptions => ({
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
    // ORT's intra-op threads spin while they wait for work; next to ffmpeg decoding on the
    // same cores that spinning steals CPU from the decoder (measured: heavy 2-GFLOP model,
    // end-to-end / floor 1.23 → 1.16, 0.7 CPU-s less per 120 s of video). Off unless
    // ACTIONLINE_ORT_SPIN=1.
    ...(process.env.ACTIONLINE_ORT_SPIN === '1'
      ? {}
      : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  });
  let opened;
  try {
    opened = await openWithFallback(
      planProviders(opts.device),
      (provider) =>
        typeof source === 'string'
          ? ort.InferenceSession.create(source, sessionOptions(provider))
          : ort.InferenceSession.create(source, sessionOptions(provider)),
      (err) => CORRUPT_MODEL.test(String(err)),
    );
  } catch (err) {
    const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
    throw new ActionlineError(
      'BAD_MODEL',
      `${modelFile}: onnxruntime cannot load this model: ${reason}`,
      modelFile,
    );
  }
  const session = opened.value;
  try {
    const { inputName, outputName } = await checkGraph(session, model);
    return wrap(session, model, opened.provider, opened.notes, inputName, outputName);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function checkGraph(
  session: ort.InferenceSession,
  model: LoadedModel,
): Promise<{ inputName: string; outputName: string }> {
  const m = model.manifest;
  const bad = (message: string) => new ActionlineError('BAD_MODEL', message, model.manifestPath);
  const inputName = m.input.name;
  const outputName = m.output.name ?? session.outputNames[0]!;
  const input = session.inputMetadata.find((v) => v.name === inputName);
  if (!input)
    throw bad(
      `input.name: the model has no input "${inputName}" (it has ${session.inputNames.join(', ')})`,
    );
  if (!session.outputNames.includes(outputName)) {
    throw bad(
      `output.name: the model has no output "${outputName}" (it has ${session.outputNames.join(', ')})`,
    );
  }
  const expected = modelInputDims(m, 1);
  if (input.isTensor) {
    if (input.type !== 'float32')
      throw bad(`input "${inputName}" is ${input.type}; Actionline feeds float32`);
    const clash =
      input.shape.length > 0 &&
      (input.shape.length !== expected.length ||
        input.shape.some((d, i) => i > 0 && typeof d === 'number' && d > 0 && d !== expected[i]));
    if (clash) {
      throw bad(
        `input: the model takes [${input.shape.join(', ')}] but the manifest (layout ${m.input.layout}, ` +
          `${m.input.widthPx}×${m.input.heightPx}, ${m.framesPerSnippet} frames, ${m.crops} crops) gives [N, ${expected.slice(1).join(', ')}]`,
      );
    }
  }
  const output = session.outputMetadata.find((v) => v.name === outputName);
  const perItem =
    output?.isTensor &&
    output.shape.length > 0 &&
    output.shape.slice(1).every((d) => typeof d === 'number' && d > 0)
      ? (output.shape.slice(1) as number[]).reduce((a, b) => a * b, 1)
      : await probeOutputSize(session, inputName, outputName, expected);
  if (perItem !== model.labels.length) {
    throw bad(
      `output "${outputName}" has ${perItem} values per item but the label map ${m.labels.file} has ${model.labels.length} labels`,
    );
  }
  return { inputName, outputName };
}

/** Output values per batch item, by running one zero input (when the graph does not say). */
async function probeOutputSize(
  session: ort.InferenceSession,
  inputName: string,
  outputName: string,
  dims: number[],
): Promise<number> {
  const size = dims.reduce((a, b) => a * b, 1);
  const out = await session.run({
    [inputName]: new ort.Tensor('float32', new Float32Array(size), dims),
  });
  return out[outputName]!.size / dims[0]!;
}

function wrap(
  session: ort.InferenceSession,
  model: LoadedModel,
  provider: string,
  fallbackNotes: string[],
  inputName: string,
  outputName: string,
): ModelSession {
  const classCount = model.labels.length;
  const file = model.manifestPath;
  const failed = (message: string) =>
    new ActionlineError('INFERENCE_FAILED', `${file}: ${message}`, file);
  return {
    provider,
    fallbackNotes,
    inputName,
    outputName,
    classCount,
    async run(input, dims) {
      const size = dims.reduce((a, b) => a * b, 1);
      if (input.length !== size)
        throw failed(`input has ${input.length} values for dims [${dims.join(', ')}]`);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run({ [inputName]: new ort.Tensor('float32', input, [...dims]) }, [
          outputName,
        ]);
      } catch (err) {
        throw failed(`onnxruntime (${provider}) failed: ${(err as Error).message.split('\n')[0]}`);
      }
      const tensor = result[outputName]!;
      if (tensor.type !== 'float32')
        throw failed(`output "${outputName}" is ${tensor.type}, expected float32`);
      const data = tensor.data as Float32Array;
      if (data.length !== dims[0]! * classCount) {
        throw failed(
          `output "${outputName}" has shape [${tensor.dims.join(', ')}], expected [${dims[0]}, ${classCount}]`,
        );
      }
      return data;
    },
    release: () => session.release(),
  };
}
