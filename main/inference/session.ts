import { readFile } from 'node:fs/promises';
import ort from 'onnxruntime-node';
import { ActionlineError } from '../errors.ts';
import { providerCandidates, type Device } from './executionProviders.ts';
import type { LoadedModel } from './manifest.ts';

// Failures reach the user as errors and fallback notes; ORT's own console log would only
// repeat them (in red, with internal paths) when an optional GPU provider is missing.
ort.env.logLevel = 'fatal';

export interface ModelSession {
  provider: string;
  fallbackNotes: readonly string[];
  inputName: string;
  outputName: string;
  classCount: number;
  /** Runs one batch; returns the output as [N, classCount]. Blocks the calling thread. */
  run(input: Float32Array, dims: readonly number[]): Promise<Float32Array>;
  release(): Promise<void>;
}

/**
 * Creates the ORT session for a model once, on the best provider that loads. Every provider
 * that fails is reported in `fallbackNotes` (never a silent CPU fallback).
 */
export async function createModelSession(
  model: LoadedModel,
  opts: { device: Device; intraOpThreads?: number },
): Promise<ModelSession> {
  const source = 'bytes' in model.onnx ? model.onnx.bytes : await readOnnx(model.onnx.path);
  const modelFile = 'path' in model.onnx ? model.onnx.path : model.manifestPath;
  const fallbackNotes: string[] = [];
  let session: ort.InferenceSession | null = null;
  let provider = 'cpu';
  for (const candidate of providerCandidates(opts.device)) {
    try {
      session = await ort.InferenceSession.create(source, {
        executionProviders: [candidate],
        graphOptimizationLevel: 'all',
        // A provider that fails to load is reported in fallbackNotes; keep ORT's own log quiet.
        logSeverityLevel: candidate === 'cpu' ? 2 : 4,
        ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
      });
      provider = candidate;
      break;
    } catch (err) {
      const reason = firstLine(err);
      if (candidate === 'cpu') {
        throw new ActionlineError(
          'BAD_MODEL',
          `onnxruntime cannot load this model: ${reason}`,
          modelFile,
        );
      }
      fallbackNotes.push(`${candidate} unavailable (${reason}); trying the next provider`);
    }
  }
  const s = session!;
  const inputName = model.manifest.input.name;
  const outputName = model.manifest.output.name ?? s.outputNames[0]!;
  if (!s.inputNames.includes(inputName)) {
    throw new ActionlineError(
      'BAD_MODEL',
      `the model has no input "${inputName}" (it has ${s.inputNames.join(', ')})`,
      model.manifestPath,
    );
  }
  if (!s.outputNames.includes(outputName)) {
    throw new ActionlineError(
      'BAD_MODEL',
      `the model has no output "${outputName}" (it has ${s.outputNames.join(', ')})`,
      model.manifestPath,
    );
  }
  const classCount = model.labels.length;
  return {
    provider,
    fallbackNotes,
    inputName,
    outputName,
    classCount,
    async run(input, dims) {
      const out = await s.run({ [inputName]: new ort.Tensor('float32', input, [...dims]) });
      const tensor = out[outputName]!;
      const data = tensor.data as Float32Array;
      if (data.length !== dims[0]! * classCount) {
        throw new ActionlineError(
          'BAD_MODEL',
          `output "${outputName}" has shape [${tensor.dims.join(', ')}] but the label map has ${classCount} classes`,
          model.manifestPath,
        );
      }
      return data;
    },
    release: () => s.release(),
  };
}

async function readOnnx(file: string): Promise<Uint8Array> {
  const bytes = await readFile(file).catch(() => null);
  if (!bytes) throw new ActionlineError('FILE_NOT_FOUND', 'ONNX model file not found', file);
  return bytes;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
}
