import { ActionlineError } from '../base/errors.ts';
import type { Device } from './executionProviders.ts';
import type { LoadedModel } from './manifest.ts';
import { channelsOf } from '../../models/manifestSchema.ts';
import { preprocessSnippet } from './preprocess.ts';
import {
  cropCount,
  elementsPerCrop,
  entriesPerSnippet,
  modelInputDims,
  resizeTarget,
  valuesPerSnippet,
} from './preprocessPlan.ts';
import { createModelSession } from './session.ts';
import { loadFrameTimeline } from '../video/frameTimeline.ts';
import { runAtSec } from '../video/frameRuns.ts';
import { probeVideo } from '../video/probe.ts';
import { sampleFrameRuns } from '../video/sampleFrames.ts';
import { encodePng } from './encodePng.ts';

export interface ModelCheckResult {
  frameIndex: number;
  timeSec: number;
  /** The model input de-normalised to RGB: crops top to bottom, frames left to right. */
  png: Uint8Array;
  /** Per model channel (in the model's order): range and mean of the values fed. */
  channels: { name: string; min: number; mean: number; max: number }[];
  /** Best classes of the crop-averaged output; probability = softmax of logits. */
  top: { label: string; score: number; probability: number }[];
  provider: string;
}

/**
 * Runs a model on one snippet exactly as the pre-labelling pipeline does (same frame
 * decoding, resize, preprocessSnippet, crops, crop averaging on the raw outputs) and shows
 * what it was fed, to catch silent preprocessing mistakes: the PNG undoes mean/std, scale and
 * channel order as the manifest states them, so a correct manifest gives natural colours
 * (blue faces: RGB/BGR swapped; black or white: wrong scale) and plausible top classes.
 */
export async function checkModel(
  model: LoadedModel,
  videoPath: string,
  opts: { atSec?: number; device?: Device; topK?: number } = {},
): Promise<ModelCheckResult> {
  const m = model.manifest;
  if (m.modality === 'flow') {
    throw new ActionlineError(
      'BAD_MODEL',
      'model check feeds decoded RGB frames; flow models need TV-L1 flow images, which Actionline does not compute yet',
      model.manifestPath,
    );
  }
  const video = await probeVideo(videoPath);
  const timeline = await loadFrameTimeline(video);
  const atSec = opts.atSec ?? video.durationSec / 2;
  if (!(atSec >= 0 && atSec < video.durationSec)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--at ${atSec} s is outside the video (0–${video.durationSec.toFixed(2)} s)`,
    );
  }
  const run = runAtSec(video, atSec, m.framesPerSnippet, timeline);
  run.startFrame = Math.max(0, Math.min(run.startFrame, video.frameCount - run.frameCount));
  const size = resizeTarget(m, video.width, video.height);
  let frames: Uint8Array[] | undefined;
  for await (const sampled of sampleFrameRuns(video, [run], size)) frames = sampled.frames;
  if (!frames) throw new ActionlineError('BAD_VIDEO', `no frame decoded at ${atSec} s`, videoPath);

  const input = new Float32Array(valuesPerSnippet(m));
  preprocessSnippet(frames, size.widthPx, size.heightPx, m, input, 0);
  const session = await createModelSession(model, { device: opts.device ?? 'cpu' });
  let output: Float32Array;
  try {
    output = await session.run(input, modelInputDims(m, 1));
  } finally {
    await session.release();
  }
  const classCount = model.labels.length;
  const rows = entriesPerSnippet(m);
  const scores = new Float64Array(classCount);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < classCount; k++) scores[k]! += output[r * classCount + k]! / rows;
  const probabilities = m.output.kind === 'logits' ? softmax(scores) : scores;
  const top = [...scores.keys()]
    .sort((a, b) => scores[b]! - scores[a]!)
    .slice(0, opts.topK ?? 5)
    .map((k) => ({ label: model.labels[k]!, score: scores[k]!, probability: probabilities[k]! }));
  return {
    frameIndex: run.startFrame,
    timeSec: timeline.startSec(run.startFrame),
    png: previewPng(model, input),
    channels: channelStats(model, input),
    top,
    provider: session.provider,
  };
}

function softmax(v: Float64Array): Float64Array {
  const max = Math.max(...v);
  const e = v.map((x) => Math.exp(x - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}

/** Index of value (crop, frame, channel, y, x) in one snippet's input. */
function indexer(
  model: LoadedModel,
): (crop: number, t: number, c: number, y: number, x: number) => number {
  const m = model.manifest;
  const { widthPx: w, heightPx: h } = m.input;
  const plane = w * h;
  const channels = channelsOf(m.modality);
  const t = m.framesPerSnippet;
  const channelMajor = m.input.layout === 'NCTHW';
  const perCrop = elementsPerCrop(m);
  return (crop, f, c, y, x) =>
    crop * perCrop +
    (channelMajor ? c * t * plane + f * plane : (f * channels + c) * plane) +
    y * w +
    x;
}

function channelStats(model: LoadedModel, input: Float32Array): ModelCheckResult['channels'] {
  const m = model.manifest;
  const at = indexer(model);
  const names = m.channelOrder === 'BGR' ? ['B', 'G', 'R'] : ['R', 'G', 'B'];
  const { widthPx: w, heightPx: h } = m.input;
  return names.map((name, c) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (let crop = 0; crop < cropCount(m.crops); crop++)
      for (let f = 0; f < m.framesPerSnippet; f++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const v = input[at(crop, f, c, y, x)]!;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            n++;
          }
    return { name, min, mean: sum / n, max };
  });
}

function previewPng(model: LoadedModel, input: Float32Array): Uint8Array {
  const m = model.manifest;
  const at = indexer(model);
  const { widthPx: w, heightPx: h } = m.input;
  const crops = cropCount(m.crops);
  const frames = m.framesPerSnippet;
  const imageW = w * frames;
  const rgb = new Uint8Array(imageW * h * crops * 3);
  const param = (v: number | readonly number[], c: number) => (typeof v === 'number' ? v : v[c]!);
  for (let crop = 0; crop < crops; crop++)
    for (let f = 0; f < frames; f++)
      for (let c = 0; c < 3; c++) {
        // Model channel c shows as red, green or blue according to the manifest's order.
        const shown = m.channelOrder === 'BGR' ? 2 - c : c;
        const std = param(m.std, c);
        const mean = param(m.mean, c);
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            const byte = ((input[at(crop, f, c, y, x)]! * std + mean) * 255) / m.pixelScale;
            const o = ((crop * h + y) * imageW + f * w + x) * 3 + shown;
            rgb[o] = Math.max(0, Math.min(255, Math.round(byte)));
          }
      }
  return encodePng(imageW, h * crops, rgb);
}
