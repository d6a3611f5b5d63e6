import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import protobuf from 'protobufjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { planCalibrationFrames } from '../../../main/inference/calibrationPlan.ts';
import { ffmpegPath } from '../../../main/base/paths.ts';
import { TINY_RGB_PROTOTXT } from '../tsn/helpers/tsnModels.ts';
import { tsnCaffemodel } from './helpers/tsnWeights.ts';
import { cli } from '../../fixtures/cliRun.ts';

/**
 * `actionline convert caffe --quantize int8 --calibrate <video>` as a user runs it, on a tiny
 * TSN-shaped net (data 3×224×224 → fc_action 400) and low-contrast videos made here with
 * ffmpeg: the input's quantization range in the written model is the span of the calibration
 * frames as the pipeline preprocesses them (decoded again here by ffmpeg, BGR minus the TSN
 * mean), not the noise range; the report names the held-out frames; bad uses fail clearly.
 */
const run = promisify(execFile);
const BGR_MEAN = [104, 117, 123];
const FRAMES = 50; // 2 s at 25 fps

// The subset of onnx.proto (github.com/onnx/onnx) that holds initializers.
const ModelProto = protobuf
  .parse(
    `syntax = "proto2";
message ModelProto { optional GraphProto graph = 7; }
message GraphProto { repeated TensorProto initializer = 5; }
message TensorProto { optional string name = 8; optional bytes raw_data = 9; }`,
  )
  .root.lookupType('ModelProto');

/** The uint8 scale and zero point the int8 model quantizes its input `data` with. */
function inputQuantization(onnxPath: string): { scale: number; zeroPoint: number } {
  const model = ModelProto.decode(readFileSync(onnxPath)) as unknown as {
    graph: { initializer: { name: string; rawData: Uint8Array }[] };
  };
  const raw = (name: string) => model.graph.initializer.find((t) => t.name === name)!.rawData;
  const scale = raw('data_scale');
  return {
    scale: new DataView(scale.buffer, scale.byteOffset, 4).getFloat32(0, true),
    zeroPoint: raw('data_zero')[0]!,
  };
}

/** min and max of the model's input over `frames` (every pixel: ten crops cover the frame). */
async function preprocessedSpan(video: string, frames: number[]): Promise<[number, number]> {
  const select = frames.map((n) => `eq(n\\,${n})`).join('+');
  const { stdout } = await run(
    ffmpegPath(),
    [
      ...['-v', 'error', '-i', video, '-vf', `select='${select}',scale=340:256:flags=bilinear`],
      ...['-vsync', '0', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ],
    { encoding: 'buffer', maxBuffer: 64 << 20 },
  );
  expect(stdout.length).toBe(frames.length * 340 * 256 * 3);
  let [min, max] = [Infinity, -Infinity];
  for (let i = 0; i < stdout.length; i++) {
    // RGB byte i % 3 is BGR channel 2 − i % 3.
    const v = stdout[i]! - BGR_MEAN[2 - (i % 3)]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

describe('convert caffe --quantize int8 --calibrate', () => {
  let dir: string;
  let args: string[];
  let videoA: string;
  let videoB: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'actionline-calibrate-'));
    const prototxt = path.join(dir, 'deploy.prototxt');
    writeFileSync(prototxt, TINY_RGB_PROTOTXT);
    const weights = path.join(dir, 'random.caffemodel');
    writeFileSync(weights, (await tsnCaffemodel(prototxt)).caffemodel);
    args = ['convert', 'caffe', '--prototxt', prototxt, '--weights', weights];
    // Pixel values squeezed into [70, 160]: far from the 0–255 of the noise images.
    const make = async (name: string, source: string) => {
      const file = path.join(dir, name);
      await run(ffmpegPath(), [
        ...['-v', 'error', '-f', 'lavfi', '-i', `${source}=s=64x48:r=25:d=2`],
        ...['-vf', "lutrgb=r='70+val*90/255':g='70+val*90/255':b='70+val*90/255'"],
        ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', file],
      ]);
      return file;
    };
    [videoA, videoB] = await Promise.all([make('a.mp4', 'testsrc2'), make('b.mp4', 'testsrc')]);
  }, 60_000);

  const int8 = (out: string, ...more: string[]) =>
    cli([
      ...args,
      ...['--out', path.join(dir, out), '--preset', 'tsn-bninception-rgb'],
      ...['--quantize', 'int8', ...more],
    ]);

  it('calibrates the input range on the frames and reports on held-out frames', async () => {
    const calibrated = await int8('frames.onnx', '--calibrate', videoA);
    expect(calibrated.code, calibrated.stderr).toBe(0);
    const line = calibrated.stderr.split('\n').find((l) => l.startsWith('int8:'))!;
    const [plan] = planCalibrationFrames([FRAMES]);
    expect(plan!.calibrationFrames).toHaveLength(16);
    expect(line).toContain(
      `on 8 held-out frames of ${videoA} (frames ${plan!.heldOutFrames.join(', ')}), ` +
        'not calibrated on (calibrated on 16 other frames)',
    );
    expect(line).toMatch(/max \|int8 − float\| [\d.e+-]+ of outputs up to [\d.e+-]+ \(\d+\.\d %\)/);

    const [min, max] = await preprocessedSpan(videoA, plan!.calibrationFrames);
    expect(min).toBeGreaterThan(-90); // the video's span, well inside the noise's [−123, 151]
    expect(max).toBeLessThan(90);
    const { scale, zeroPoint } = inputQuantization(path.join(dir, 'frames.onnx'));
    // quantize.ts: the range widened to hold 0, scale = (max − min) / 255.
    const [lo, hi] = [Math.min(0, min), Math.max(0, max)];
    expect(scale * 255).toBeCloseTo(hi - lo, 3);
    expect(zeroPoint).toBe(Math.round(-lo / ((hi - lo) / 255)));

    const noise = await int8('noise.onnx');
    expect(noise.code, noise.stderr).toBe(0);
    expect(noise.stderr).toContain('int8: on 4 noise images it was not calibrated on');
    expect(inputQuantization(path.join(dir, 'noise.onnx')).scale * 255).toBeGreaterThan(250);
  }, 60_000);

  it('spreads the frames over several videos and names each', async () => {
    const r = await int8('two.onnx', '--calibrate', videoA, '--calibrate', videoB);
    expect(r.code, r.stderr).toBe(0);
    const plans = planCalibrationFrames([FRAMES, FRAMES]);
    expect(plans.map((p) => [p.calibrationFrames.length, p.heldOutFrames.length])).toEqual([
      [8, 4],
      [8, 4],
    ]);
    expect(r.stderr).toContain(
      `on 8 held-out frames of ${videoA} (frames ${plans[0]!.heldOutFrames.join(', ')}), ` +
        `${videoB} (frames ${plans[1]!.heldOutFrames.join(', ')}), not calibrated on ` +
        '(calibrated on 16 other frames)',
    );
  }, 60_000);

  it('names a calibration video that cannot be read', async () => {
    const missing = path.join(dir, 'missing.mp4');
    const notVideo = path.join(dir, 'notes.mp4');
    writeFileSync(notVideo, 'not a video');
    for (const bad of [missing, notVideo]) {
      const r = await int8('bad.onnx', '--calibrate', videoA, '--calibrate', bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error: --calibrate: ${bad}: `, 'm'));
    }
  }, 30_000);

  it('refuses --calibrate without --quantize int8, and for a flow preset', async () => {
    const plain = await cli([
      ...args,
      ...['--out', path.join(dir, 'plain.onnx'), '--calibrate', videoA],
    ]);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('error: --calibrate needs --quantize int8');
    const flow = await cli([
      ...args,
      ...['--out', path.join(dir, 'flow.onnx'), '--preset', 'tsn-bninception-flow'],
      ...['--quantize', 'int8', '--calibrate', videoA],
    ]);
    expect(flow.code).toBe(2);
    expect(flow.stderr).toContain('error: --calibrate applies to RGB models');
  }, 30_000);
});
