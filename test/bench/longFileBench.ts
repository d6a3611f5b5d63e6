/**
 * A 2-hour file, made cheaply (`node test/bench/longFileBench.ts`): one minute of 160×90
 * H.264 at 10 fps concatenated 120 times by stream copy, in MP4 and in MKV (whose header
 * holds no frame count, so probing reads every packet). Prints, per container: the probe's
 * wall time and the process's memory after it, a packet scan on its own, and sampling one
 * frame per minute over the last ten minutes (seeks deep into the file). Probe time and
 * memory of a 2-hour file belong here, not in a timed test. The last line is one JSON object.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readPacketIndex } from '../../main/video/packetIndex.ts';
import { probeVideo } from '../../main/video/probe.ts';
import { sampleFrameRuns } from '../../main/video/sampleFrames.ts';
import { cached, ffmpeg } from '../fixtures/videos.ts';

const MINUTES = Number(process.env.LONG_BENCH_MINUTES ?? 120);

async function longFile(ext: 'mp4' | 'mkv'): Promise<string> {
  const minute = await cached('long-minute', { v: 1 }, 'mp4', (out) =>
    ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=s=160x90:r=10:d=60'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p', out],
    ]),
  );
  return cached('long', { minutes: MINUTES, ext }, ext, async (out) => {
    const dir = path.join(os.tmpdir(), `actionline-long-${process.pid}`);
    await mkdir(dir, { recursive: true });
    const list = path.join(dir, 'list.txt');
    await writeFile(list, Array.from({ length: MINUTES }, () => `file '${minute}'`).join('\n'));
    await ffmpeg(['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', out]);
  });
}

const results: Record<string, unknown> = {};
for (const ext of ['mp4', 'mkv'] as const) {
  const file = await longFile(ext);
  const t0 = performance.now();
  const info = await probeVideo(file);
  const probeSec = (performance.now() - t0) / 1000;
  const rssAfterProbeMB = process.memoryUsage().rss / 2 ** 20;
  const t1 = performance.now();
  const index = await readPacketIndex(file, info.videoStreamIndex);
  const packetScanSec = (performance.now() - t1) / 1000;
  // One frame per minute over the last 10 minutes: seeks deep into the file.
  const perMinute = Math.round((60 * info.fps.num) / info.fps.den);
  const runs = Array.from({ length: 10 }, (_, k) => ({
    startFrame: info.frameCount - (10 - k) * perMinute,
    frameCount: 1,
  }));
  const t2 = performance.now();
  let sampled = 0;
  for await (const _ of sampleFrameRuns(info, runs, { widthPx: 80, heightPx: 45, threads: 1 })) {
    sampled++;
  }
  const sampleSec = (performance.now() - t2) / 1000;
  const row = {
    durationSec: info.durationSec,
    frameCount: info.frameCount,
    packets: index.framePtsSec.length,
    probeSec: Number(probeSec.toFixed(3)),
    packetScanSec: Number(packetScanSec.toFixed(3)),
    sampleTenDeepFramesSec: Number(sampleSec.toFixed(3)),
    sampled,
    rssAfterProbeMB: Math.round(rssAfterProbeMB),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  results[ext] = row;
  console.log(`${ext}: ${JSON.stringify(row)}`);
}
console.log(JSON.stringify(results));
