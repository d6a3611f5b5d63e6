import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../main/base/errors.ts';
import type { SampledRun } from '../../../main/video/frameRuns.ts';
import { ffmpegPath } from '../../../main/base/paths.ts';
import { loadFrameTimeline } from '../../../main/video/frameTimeline.ts';
import { probeVideo } from '../../../main/video/probe.ts';
import { sampleFrameRuns } from '../../../main/video/sampleFrames.ts';
import type { VideoInfo } from '../../../main/video/videoInfo.ts';
import { CORPUS, footageCorpus, type CorpusCase } from '../../fixtures/footageCorpus.ts';
import { readFrameCode } from '../../fixtures/videos.ts';

/**
 * The engine on what real footage brings (see footageCorpus.ts): for each file, the probed
 * facts, every frame's time on the frame timeline, and the frames a sampler returns.
 */
const dir = path.join(os.tmpdir(), `actionline-corpus-${process.pid}`);
let files: Map<CorpusCase, string>;
beforeAll(async () => {
  files = await footageCorpus(dir);
}, 120_000);

async function sample(info: VideoInfo, frames: number[]): Promise<SampledRun[]> {
  const out: SampledRun[] = [];
  const size = { widthPx: info.width, heightPx: info.height };
  const runs = frames.map((startFrame) => ({ startFrame, frameCount: 1 }));
  for await (const s of sampleFrameRuns(info, runs, size)) out.push(s);
  return out;
}

/**
 * What ffmpeg itself decodes from the stream: at [n], the presentation time of its decoded
 * frame n as its showinfo filter numbers them (container seconds: -copyts keeps them).
 */
async function ffmpegDecodedPtsSec(file: string, streamIndex: number): Promise<number[]> {
  const { stderr } = await promisify(execFile)(ffmpegPath(), [
    ...['-hide_banner', '-nostats', '-copyts', '-i', file, '-map', `0:${streamIndex}`],
    ...['-vf', 'showinfo', '-f', 'null', '-'],
  ]);
  const pts: number[] = [];
  for (const m of stderr.matchAll(/ n:\s*(\d+) pts:\s*-?\d+ pts_time:(\S+)/g)) {
    pts[Number(m[1])] = Number(m[2]);
  }
  return pts;
}

/** Mean |row y − row y+1| of a frame's luma-ish red channel: high for a field comb. */
function combLevel(rgb: Uint8Array, width: number, height: number): number {
  let sum = 0;
  for (let y = 0; y + 1 < height; y++) {
    for (let x = 0; x < width; x++) {
      sum += Math.abs((rgb[(y * width + x) * 3] ?? 0) - (rgb[((y + 1) * width + x) * 3] ?? 0));
    }
  }
  return sum / ((height - 1) * width);
}

describe('footage corpus: the engine', () => {
  for (const c of CORPUS.filter((k) => !k.refusal)) {
    it(`${c.file}: probed facts, frame times and sampled frames`, async () => {
      const info = await probeVideo(files.get(c)!);
      expect(info).toMatchObject(c.facts);
      if (c.truncatedAfterSec !== undefined) {
        expect(info.truncatedAfterSec).toBeGreaterThan(0.5);
        expect(info.truncatedAfterSec).toBeLessThan(info.headerDurationSec ?? Infinity);
        expect(info.durationSec).toBe(info.truncatedAfterSec);
      }
      const timeline = await loadFrameTimeline(info);
      expect(timeline.frameCount).toBe(info.frameCount);
      const last = info.frameCount - 1;
      // The last frame of a cut-short file may be cut too (counted, never decoded).
      const wanted = [0, 1, 7, Math.floor(last / 2), c.truncatedAfterSec ? last - 1 : last];
      for (const i of wanted) {
        expect(timeline.ptsSec(i) - info.startTimeSec, `time of frame ${i}`).toBeCloseTo(
          c.frameTimeSec!(i),
          3,
        );
      }
      // Frame i is ffmpeg's decoded frame n = i (a dropped frame's empty chunk is no frame).
      const decoded = await ffmpegDecodedPtsSec(files.get(c)!, info.videoStreamIndex);
      for (const i of wanted.filter((k) => k < decoded.length)) {
        expect(timeline.ptsSec(i), `frame ${i} against ffmpeg's n:${i}`).toBeCloseTo(
          decoded[i]!,
          3,
        );
      }
      expect(info.startTimeSec).toBeCloseTo(decoded[0]!, 5);
      const sampled = await sample(info, wanted);
      expect(sampled.map((s) => s.missingFrames ?? 0)).toEqual(wanted.map(() => 0));
      if (c.facts.fieldOrder) {
        // Deinterlaced for the model: no comb, where the raw frames have one.
        const raw = await sample({ ...info, fieldOrder: undefined } as VideoInfo, wanted);
        const comb = (runs: SampledRun[]) =>
          combLevel(runs[2]!.frames[0]!, info.width, info.height);
        expect(comb(raw)).toBeGreaterThan(3);
        expect(comb(sampled)).toBeLessThan(comb(raw) / 4);
        return;
      }
      const codes = sampled.map((s) => readFrameCode(s.frames[0]!, info.width, info.height));
      expect(codes).toEqual(wanted.map((i) => c.codeOf?.(i) ?? i));
    });
  }

  for (const c of CORPUS.filter((k) => k.refusal)) {
    it(`${c.file}: refused with one line that names it and says why`, async () => {
      const file = files.get(c)!;
      const err = await probeVideo(file).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ActionlineError);
      expect((err as ActionlineError).code).toBe('BAD_VIDEO');
      expect((err as ActionlineError).message).toContain(file);
      expect((err as ActionlineError).message).toContain(c.refusal);
      expect((err as ActionlineError).message).not.toContain('\n');
    });
  }
});
