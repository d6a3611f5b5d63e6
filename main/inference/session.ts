import { existsSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { ActionlineError } from '../base/errors.ts';
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
  /** The manifest's features output and its values per item once flattened; absent without. */
  features?: { outputName: string; size: number };
  /**
   * Runs one batch (dims from modelInputDims) and returns the model's output as [N, classCount]:
   * logits, or probabilities where the manifest says so. Blocks the calling thread.
   */
  run(input: Float32Array, dims: readonly number[]): Promise<Float32Array>;
  /**
   * run(), and in the same run the features output as [N, features.size], where the manifest
   * names one (without, it fetches the logits alone, exactly as run() does).
   */
  runWithFeatures(input: Float32Array, dims: readonly number[]): Promise<SessionOutputs>;
  release(): Promise<void>;
}

export interface SessionOutputs {
  /** [N, classCount]. */
  output: Float32Array;
  /** [N, features.size]; only where the session has a features output. */
  features?: Float32Array;
}

/** The graph's names for what the manifest asks of it. */
interface GraphNames {
  inputName: string;
  outputName: string;
  features?: { outputName: string; size: number };
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
 * Checks the graph against the manifest: input name and shape, output name, that the
 * output has one value per label, and the features output (name and size) where one is named.
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
    const names = await checkGraph(session, model);
    return wrap(session, model, opened.provider, opened.notes, names);
  } catch (err) {
    await session.release();
    throw err;
  }
}

async function checkGraph(session: ort.InferenceSession, model: LoadedModel): Promise<GraphNames> {
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
  const perItem = await valuesPerItem(session, inputName, outputName, expected);
  if (perItem !== model.labels.length) {
    throw bad(
      `output "${outputName}" has ${perItem} values per item but the label map ${m.labels.file} has ${model.labels.length} labels`,
    );
  }
  if (!m.features) return { inputName, outputName };
  const features = m.features.output;
  if (!session.outputNames.includes(features)) {
    throw bad(
      `features.output: the model has no output "${features}" (it has ${session.outputNames.join(', ')})`,
    );
  }
  const featureValues = await valuesPerItem(session, inputName, features, expected);
  if (featureValues !== m.features.size) {
    throw bad(
      `features.size: output "${features}" has ${featureValues} values per item once flattened, not ${m.features.size}`,
    );
  }
  return { inputName, outputName, features: { outputName: features, size: featureValues } };
}

/** An output's values per batch item, flattened: from the graph, or by a probe run. */
async function valuesPerItem(
  session: ort.InferenceSession,
  inputName: string,
  outputName: string,
  dims: number[],
): Promise<number> {
  const output = session.outputMetadata.find((v) => v.name === outputName);
  return output?.isTensor &&
    output.shape.length > 0 &&
    output.shape.slice(1).every((d) => typeof d === 'number' && d > 0)
    ? (output.shape.slice(1) as number[]).reduce((a, b) => a * b, 1)
    : probeOutputSize(session, inputName, outputName, dims);
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
  names: GraphNames,
): ModelSession {
  const { inputName, outputName, features } = names;
  const classCount = model.labels.length;
  const file = model.manifestPath;
  const failed = (message: string) =>
    new ActionlineError('INFERENCE_FAILED', `${file}: ${message}`, file);
  /** One output of a run, checked: float32, `perItem` values for each of the batch's items. */
  const take = (
    result: ort.InferenceSession.ReturnType,
    name: string,
    items: number,
    perItem: number,
  ): Float32Array => {
    const tensor = result[name]!;
    if (tensor.type !== 'float32')
      throw failed(`output "${name}" is ${tensor.type}, expected float32`);
    const data = tensor.data as Float32Array;
    if (data.length !== items * perItem) {
      throw failed(
        `output "${name}" has shape [${tensor.dims.join(', ')}], expected [${items}, ${perItem}]`,
      );
    }
    return data;
  };
  const runFetching = async (
    input: Float32Array,
    dims: readonly number[],
    withFeatures: boolean,
  ): Promise<SessionOutputs> => {
    const size = dims.reduce((a, b) => a * b, 1);
    if (input.length !== size)
      throw failed(`input has ${input.length} values for dims [${dims.join(', ')}]`);
    const fetched = withFeatures && features ? features : undefined;
    // Only the outputs asked for are fetched: without features, a run is what it always was.
    const fetches = fetched ? [outputName, fetched.outputName] : [outputName];
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await session.run(
        { [inputName]: new ort.Tensor('float32', input, [...dims]) },
        fetches,
      );
    } catch (err) {
      throw failed(`onnxruntime (${provider}) failed: ${(err as Error).message.split('\n')[0]}`);
    }
    const output = take(result, outputName, dims[0]!, classCount);
    if (!fetched) return { output };
    return { output, features: take(result, fetched.outputName, dims[0]!, fetched.size) };
  };
  return {
    provider,
    fallbackNotes,
    inputName,
    outputName,
    classCount,
    ...(features ? { features } : {}),
    run: async (input, dims) => (await runFetching(input, dims, false)).output,
    runWithFeatures: (input, dims) => runFetching(input, dims, true),
    release: () => session.release(),
  };
}
