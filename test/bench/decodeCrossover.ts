/**
 * Decode-through vs seek: how long a gap between wanted frames must be before starting a new
 * ffmpeg process that seeks beats decoding through the gap. Also decode speed, the fixed cost
 * of one process, and what -skip_loop_filter / -skip_frame do.
 *
 *   nice -n 10 node_modules/.bin/node test/bench/decodeCrossover.ts [--quick]
 *
 * Prints wall seconds and CPU seconds (user+sys of reaped children, from /proc/self/stat).
 */
import { readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { ffmpegPath } from '../../main/base/paths.ts';
import { probeVideo } from '../../main/video/probe.ts';
import { sampleFrameRuns, type SampleOptions } from '../../main/video/sampleFrames.ts';
import { runAtSec, type FrameRun } from '../../main/video/frameRuns.ts';
import type { VideoInfo } from '../../main/video/videoInfo.ts';
import { benchVideo } from '../fixtures/videos.ts';

const quick = process.argv.includes('--quick');
const SIZE = { widthPx: 224, heightPx: 224 };

function childCpuSec(): number {
  // Fields 16 and 17 of /proc/self/stat: cutime, cstime in clock ticks (100 per second).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function timed<T>(
  work: () => Promise<T>,
): Promise<{ wallSec: number; cpuSec: number; value: T }> {
  const cpu0 = childCpuSec();
  const t0 = performance.now();
  const value = await work();
  return { wallSec: (performance.now() - t0) / 1000, cpuSec: childCpuSec() - cpu0, value };
}

async function sampleAll(
  video: VideoInfo,
  runs: FrameRun[],
  opts: Partial<SampleOptions>,
): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for await (const sampled of sampleFrameRuns(video, runs, { ...SIZE, ...opts }))
    frames.push(...sampled.frames);
  return frames;
}

function ffmpegNull(path: string, extra: string[], seconds: number): void {
  execFileSync(ffmpegPath(), [
    '-hide_banner',
    '-loglevel',
    'error',
    ...extra,
    '-i',
    path,
    '-t',
    String(seconds),
    '-f',
    'null',
    '-',
  ]);
}

const fmt = (n: number) => n.toFixed(3).padStart(8);

const path = await benchVideo({ durationSec: 300, widthPx: 1280, heightPx: 720 });
const video = await probeVideo(path);
console.log(
  `video ${path}\n  ${video.width}x${video.height} ${video.fps.num}/${video.fps.den} fps, ${video.durationSec} s, ${((video.bitRate ?? 0) / 1e6).toFixed(2)} Mbit/s`,
);

// 1. Decode-only speed.
const decodeSec = quick ? 30 : 60;
for (const threads of ['auto', '1']) {
  const t = await timed(async () =>
    ffmpegNull(path, threads === 'auto' ? [] : ['-threads', threads], decodeSec),
  );
  console.log(
    `decode-only ${decodeSec} s, threads ${threads}: wall ${fmt(t.wallSec)} s (${(decodeSec / t.wallSec).toFixed(1)}x real time), cpu ${fmt(t.cpuSec)} s`,
  );
}

// 2. Fixed cost of one process: seek to a random spot and return one frame.
const spots = quick ? 6 : 12;
const fixed = await timed(async () => {
  for (let k = 0; k < spots; k++)
    await sampleAll(video, [runAtSec(video, 7.3 + k * 23.1, 1)], { strategy: 'seek' });
});
console.log(
  `one seek + one frame: wall ${fmt(fixed.wallSec / spots)} s, cpu ${fmt(fixed.cpuSec / spots)} s per process (${spots} spots)`,
);

// 3. Crossover: single frames every `gapSec`, one pass vs one process per frame.
console.log('\ngap_s  samples  one-pass_ms/sample (cpu)   seek_ms/sample (cpu)   faster');
const gaps = quick ? [1, 4, 8, 16] : [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 24, 32];
for (const gapSec of gaps) {
  const samples = Math.max(4, Math.min(16, Math.floor(200 / gapSec)));
  const runs = [...Array(samples).keys()].map((k) => runAtSec(video, 3.7 + k * gapSec, 1));
  const onePass = await timed(() => sampleAll(video, runs, { strategy: 'one-pass' }));
  const seek = await timed(() => sampleAll(video, runs, { strategy: 'seek' }));
  const per = (t: { wallSec: number; cpuSec: number }) =>
    `${fmt((t.wallSec / samples) * 1000)} (${fmt((t.cpuSec / samples) * 1000)})`;
  const same = onePass.value.every(
    (f, i) => Buffer.compare(f, seek.value[i] ?? new Uint8Array()) === 0,
  );
  console.log(
    `${String(gapSec).padStart(5)}  ${String(samples).padStart(7)}  ${per(onePass)}       ${per(seek)}     ${onePass.wallSec < seek.wallSec ? 'one-pass' : 'seek'}${same ? '' : '  FRAMES DIFFER'}`,
  );
}

// 4. Cheap decoding: speed, pixel change, and whether frames disappear.
console.log('\ncheap decoding (first 60 s, decode-only; pixels at 1 frame/s, 224x224):');
const plainDecode = await timed(async () => ffmpegNull(path, [], 60));
console.log(
  `  normal                     wall ${fmt(plainDecode.wallSec)} s cpu ${fmt(plainDecode.cpuSec)} s`,
);
const plainPixels = rgbAtOneFps([]);
for (const flag of [
  ['-skip_loop_filter', 'all'],
  ['-skip_loop_filter', 'noref'],
  ['-skip_frame', 'noref'],
  ['-skip_frame', 'bidir'],
]) {
  const t = await timed(async () => ffmpegNull(path, flag, 60));
  const frames = countFrames(flag);
  const diff = meanMaxDiff(plainPixels, rgbAtOneFps(flag));
  console.log(
    `  ${flag.join(' ').padEnd(24)}   wall ${fmt(t.wallSec)} s cpu ${fmt(t.cpuSec)} s; frames out of 1800: ${frames}; pixels vs normal: mean |diff| ${diff.mean.toFixed(2)}, max ${diff.max}`,
  );
}

function countFrames(flag: string[]): number {
  const args = ['-hide_banner', ...flag, '-i', path, '-t', '60', '-vsync', '0', '-f', 'null', '-'];
  const { stderr } = spawnSync(ffmpegPath(), args, { encoding: 'utf8' });
  return Number([...stderr.matchAll(/frame=\s*(\d+)/g)].at(-1)?.[1] ?? -1);
}

function rgbAtOneFps(flag: string[]): Buffer {
  const args = ['-hide_banner', '-loglevel', 'error', ...flag, '-i', path, '-t', '60'];
  args.push(
    '-vf',
    `fps=1,scale=${SIZE.widthPx}:${SIZE.heightPx}:flags=bilinear`,
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-',
  );
  return execFileSync(ffmpegPath(), args, { maxBuffer: 1 << 30 });
}

function meanMaxDiff(a: Buffer, b: Buffer): { mean: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    sum += d;
    max = Math.max(max, d);
  }
  return { mean: sum / a.length, max };
}
