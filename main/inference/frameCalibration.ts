import { ActionlineError } from '../base/errors.ts';
import { probeVideo } from '../video/probe.ts';
import { sampleFrameRuns } from '../video/sampleFrames.ts';
import type { VideoInfo } from '../video/videoInfo.ts';
import type { ModelManifest } from '../../models/manifestSchema.ts';
import { planCalibrationFrames } from './calibrationPlan.ts';
import { preprocessSnippet } from './preprocess.ts';
import { modelInputDims, resizeTarget, valuesPerSnippet } from './preprocessPlan.ts';
import type { CalibrationSet, CalibrationVideo, InputBatch } from './quantizeInt8.ts';

/**
 * int8 calibration on real footage (`convert caffe --quantize int8 --calibrate <video>`):
 * frames spread over the videos (calibrationPlan.ts), decoded and preprocessed exactly as
 * scoreVideo does for this model's manifest (resizeTarget → sampleFrameRuns →
 * preprocessSnippet, every crop), one snippet per batch. RGB models only: a flow model's
 * inputs are TV-L1 fields, not frames.
 */

/** Probes each video up front, so a file that cannot be read fails before the conversion. */
export async function probeCalibrationVideos(paths: readonly string[]): Promise<VideoInfo[]> {
  const videos: VideoInfo[] = [];
  for (const p of paths) {
    try {
      videos.push(await probeVideo(p));
    } catch (err) {
      throw calibrationError(err, p);
    }
  }
  return videos;
}

/** The calibration and held-out snippets of `videos` for the model `m` describes. */
export async function frameCalibration(
  videos: readonly VideoInfo[],
  m: ModelManifest,
): Promise<CalibrationSet> {
  if (m.modality !== 'rgb' || m.framesPerSnippet !== 1) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--calibrate applies to RGB models of one frame a snippet; ${m.id} is ${m.modality}, ` +
        `${m.framesPerSnippet} frames a snippet`,
    );
  }
  const plans = planCalibrationFrames(videos.map((v) => v.frameCount));
  const calibration: Snippet[] = [];
  const heldOut: Snippet[] = [];
  const used: CalibrationVideo[] = [];
  for (const [k, video] of videos.entries()) {
    const plan = plans[k]!;
    const size = resizeTarget(m, video.width, video.height);
    const held = new Set(plan.heldOutFrames);
    const frames = [...plan.calibrationFrames, ...plan.heldOutFrames].sort((a, b) => a - b);
    const runs = frames.map((startFrame) => ({ startFrame, frameCount: 1 }));
    const entry: CalibrationVideo = { path: video.path, calibrationFrames: [], heldOutFrames: [] };
    try {
      for await (const sampled of sampleFrameRuns(video, runs, size)) {
        if (sampled.missingFrames) continue; // a damaged frame: not what the model will see
        const frame = sampled.run.startFrame;
        const snippet = { frames: sampled.frames, ...size };
        if (held.has(frame)) {
          heldOut.push(snippet);
          entry.heldOutFrames.push(frame);
        } else {
          calibration.push(snippet);
          entry.calibrationFrames.push(frame);
        }
      }
    } catch (err) {
      throw calibrationError(err, video.path);
    }
    used.push(entry);
  }
  const names = videos.map((v) => v.path).join(', ');
  if (calibration.length === 0 || heldOut.length === 0) {
    throw new ActionlineError(
      'BAD_VIDEO',
      `--calibrate: ${names}: ${calibration.length + heldOut.length} frames decode, ` +
        'at least 2 are needed (one to calibrate on, one to hold out)',
      videos[0]?.path,
    );
  }
  return {
    calibration: batches(calibration, m),
    heldOut: batches(heldOut, m),
    source: { kind: 'frames', videos: used },
  };
}

interface Snippet {
  frames: Uint8Array[];
  widthPx: number;
  heightPx: number;
}

/** One model input per snippet (all its crops), preprocessed when it is reached. */
function* batches(snippets: readonly Snippet[], m: ModelManifest): Generator<InputBatch> {
  const dims = modelInputDims(m, 1);
  for (const s of snippets) {
    const data = new Float32Array(valuesPerSnippet(m));
    preprocessSnippet(s.frames, s.widthPx, s.heightPx, m, data, 0);
    yield { data, dims, snippets: 1 };
  }
}

/** A video's error, said to be about a calibration video (its message names the file). */
function calibrationError(err: unknown, file: string): unknown {
  if (!(err instanceof ActionlineError)) return err;
  return new ActionlineError(err.code, `--calibrate: ${err.message}`, err.file ?? file);
}
