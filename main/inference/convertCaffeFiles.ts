import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';
import { loadLabelMap } from './labelMap.ts';
import { parseManifest } from './manifest.ts';
import { frameCalibration, probeCalibrationVideos } from './frameCalibration.ts';
import { noiseCalibration, quantizeToInt8, type Int8Difference } from './quantizeInt8.ts';
import type { ModelManifest } from '../../models/manifestSchema.ts';
import { modelsDir } from '../base/paths.ts';
import {
  CaffeConvertError,
  convertCaffe,
  type ConvertedModel,
} from '../../models/convert/caffe/convertCaffe.ts';
import {
  TSN_PRESETS,
  tsnManifest,
  withFeatures,
  type TsnPreset,
} from '../../models/convert/caffe/tsnPresets.ts';

export interface ConvertCaffeFilesRequest {
  prototxtPath: string;
  weightsPath: string;
  onnxPath: string;
  /** Also write a manifest (needs `preset`); the label map is copied next to it. */
  manifestPath?: string;
  preset?: TsnPreset;
  /**
   * With `preset`: add the features output (the pool the classifier reads, flattened) and
   * name it in the manifest (schema version 2). Default true; false leaves it out.
   */
  features?: boolean;
  /** Write the int8 (QDQ) model instead of the float one (quantizeInt8.ts; needs `preset`). */
  quantize?: 'int8';
  /**
   * With `quantize`: calibrate on frames of these videos (frameCalibration.ts; RGB presets)
   * instead of noise images, and measure the difference on other frames of them.
   */
  calibrationVideos?: readonly string[];
}

export interface ConvertCaffeFilesResult {
  model: ConvertedModel;
  /** With `quantize`: how far the written int8 model is from the float one. */
  int8?: Int8Difference;
  manifest?: ModelManifest;
}

export function isTsnPreset(name: string): name is TsnPreset {
  return (TSN_PRESETS as readonly string[]).includes(name);
}

/**
 * Converts a prototxt + caffemodel pair to an ONNX file and optionally writes a validated
 * manifest for it: the preset's preprocessing, the graph's input and output names and input
 * size, the Kinetics-400 label map copied as labels.txt. This is what the app's "Add model…"
 * calls for Caffe files. Files are written under a temporary name and renamed.
 */
export async function convertCaffeFiles(
  req: ConvertCaffeFilesRequest,
): Promise<ConvertCaffeFilesResult> {
  if (req.manifestPath && !req.preset) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--manifest-out needs --preset (${TSN_PRESETS.join(', ')})`,
    );
  }
  const calibrationVideos = req.calibrationVideos ?? [];
  if (calibrationVideos.length > 0 && !req.quantize) {
    throw new ActionlineError('BAD_ARGUMENT', '--calibrate needs --quantize int8');
  }
  if (calibrationVideos.length > 0 && req.preset && tsnManifest(req.preset).modality !== 'rgb') {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--calibrate applies to RGB models; ${req.preset} reads optical flow, not frames ` +
        '(without --calibrate it is calibrated on noise)',
    );
  }
  // Before the conversion, so a video that cannot be read fails at once.
  const videos = await probeCalibrationVideos(calibrationVideos);
  const prototxt = await readFile(req.prototxtPath, 'utf8').catch(() => null);
  if (prototxt === null)
    throw new ActionlineError('FILE_NOT_FOUND', 'prototxt not found', req.prototxtPath);
  const weights = await readFile(req.weightsPath).catch(() => null);
  if (weights === null)
    throw new ActionlineError('FILE_NOT_FOUND', 'caffemodel not found', req.weightsPath);
  let model: ConvertedModel;
  try {
    model = convertCaffe(prototxt, weights, {
      features: req.preset !== undefined && req.features !== false,
    });
  } catch (err) {
    if (err instanceof CaffeConvertError) {
      const file = err.message.startsWith('caffemodel:') ? req.weightsPath : req.prototxtPath;
      throw new ActionlineError('BAD_MODEL', err.message, file);
    }
    throw err;
  }
  if (req.quantize && !req.preset) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--quantize needs --preset (${TSN_PRESETS.join(', ')})`,
    );
  }
  const manifest = req.preset
    ? withFeatures(await manifestFor(model, req.preset), model)
    : undefined;
  let int8: Int8Difference | undefined;
  if (req.quantize && manifest) {
    // One item's shape as the graph declares it ([C, H, W]: RGB or a stack of flow fields).
    const itemDims = model.inputs[0]!.dims.slice(1).map(Number);
    const mean = typeof manifest.mean === 'number' ? [manifest.mean] : manifest.mean;
    // The manifest being written describes this model's preprocessing: frames go through it.
    const set =
      videos.length > 0
        ? await frameCalibration(videos, manifest)
        : noiseCalibration(itemDims, mean);
    const quantized = await quantizeToInt8(model.graph, model.onnx, set);
    int8 = quantized.difference;
    await writeAtomically(req.onnxPath, quantized.onnx);
  } else await writeAtomically(req.onnxPath, model.onnx);
  if (manifest && req.manifestPath) {
    const dir = path.dirname(path.resolve(req.manifestPath));
    const onnx = path.relative(dir, path.resolve(req.onnxPath)).split(path.sep).join('/');
    const written: ModelManifest = { ...manifest, onnx };
    await copyFile(kineticsLabelsPath(), path.join(dir, manifest.labels.file));
    const text = `${JSON.stringify(written, null, 2)}\n`;
    parseManifest(text, req.manifestPath);
    await writeAtomically(req.manifestPath, new TextEncoder().encode(text));
    return { model, manifest: written, ...(int8 ? { int8 } : {}) };
  }
  return { model, ...(manifest ? { manifest } : {}), ...(int8 ? { int8 } : {}) };
}

function kineticsLabelsPath(): string {
  return path.join(modelsDir(), 'labels', 'kinetics400.txt');
}

/** The preset's manifest with the converted graph's names and input size; checks the class count. */
async function manifestFor(model: ConvertedModel, preset: TsnPreset): Promise<ModelManifest> {
  const m = tsnManifest(preset);
  const input = model.inputs[0]!;
  const output = model.outputs[0]!;
  const [, channels, heightPx, widthPx] = input.dims as [string, number, number, number];
  const expectedChannels = m.modality === 'flow' ? 2 * m.framesPerSnippet : 3;
  const fail = (message: string): never => {
    throw new ActionlineError('BAD_MODEL', `preset ${preset}: ${message}`);
  };
  if (input.dims.length !== 4 || channels !== expectedChannels) {
    fail(
      `expects input [N, ${expectedChannels}, H, W], the net's '${input.name}' is [${input.dims.join(', ')}]`,
    );
  }
  const labels = await loadLabelMap(kineticsLabelsPath(), 'lines');
  const classes = output.dims.at(-1);
  if (output.dims.length !== 2 || classes !== labels.length) {
    fail(
      `output '${output.name}' is [${output.dims.join(', ')}], the Kinetics-400 label map has ` +
        `${labels.length} classes (is this a UCF101 or other model?)`,
    );
  }
  return {
    ...m,
    input: { ...m.input, name: input.name, widthPx, heightPx },
    output: { ...m.output, name: output.name },
  };
}

async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}
