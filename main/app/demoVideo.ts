import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpegPath, userCacheDir } from '../base/paths.ts';

const run = promisify(execFile);

/** When things move in the demo video, so a newcomer can check what the model found. */
export const DEMO_MOVING_INTERVALS_SEC: readonly [number, number][] = [
  [4, 9],
  [15, 18],
  [23, 27],
];
export const DEMO_DURATION_SEC = 30;

/**
 * A 30 s sample video made locally with ffmpeg (nothing is downloaded): a still textured
 * scene with sensor-like noise, where a patterned card slides across during the intervals
 * above. Cached in the user's cache folder; regenerated if missing.
 */
export async function ensureDemoVideo(cacheDir = userCacheDir()): Promise<string> {
  const file = path.join(cacheDir, 'actionline-demo.mp4');
  if (existsSync(file)) return file;
  await mkdir(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.partial.mp4`;
  const [a, b, c] = DEMO_MOVING_INTERVALS_SEC as [
    [number, number],
    [number, number],
    [number, number],
  ];
  // The card moves right during a, down-right during b, left during c, and rests otherwise.
  const x = `60+60*(clip(t-${a[0]},0,${a[1] - a[0]}))+50*clip(t-${b[0]},0,${b[1] - b[0]})-80*clip(t-${c[0]},0,${c[1] - c[0]})`;
  const y = `120+25*clip(t-${b[0]},0,${b[1] - b[0]})`;
  // geq is slow per pixel, so each picture is computed once and looped (loop=-1 on one frame).
  const scene =
    `color=c=gray:s=640x360:r=30:d=1,format=yuv420p,` +
    `geq=lum='100+40*sin(X/9)*sin(Y/7)+30*sin((X+2*Y)/23)':cb='128+10*sin(X/40)':cr=140,` +
    `trim=end_frame=1,loop=loop=-1:size=1,trim=duration=${DEMO_DURATION_SEC}`;
  const card =
    `color=c=gray:s=90x90:r=30:d=1,format=yuv420p,` +
    `geq=lum='if(mod(floor(X/10)+floor(Y/10),2),225,30)':cb=90:cr=170,` +
    `trim=end_frame=1,loop=loop=-1:size=1,trim=duration=${DEMO_DURATION_SEC}`;
  try {
    await run(ffmpegPath(), [
      ...['-hide_banner', '-loglevel', 'error', '-y'],
      ...['-f', 'lavfi', '-i', scene, '-f', 'lavfi', '-i', card],
      ...[
        '-filter_complex',
        `[0:v]setpts=N/30/TB[bg];[1:v]setpts=N/30/TB[fg];[bg][fg]overlay=x='${x}':y='${y}':eval=frame,noise=alls=5:allf=t`,
      ],
      ...[
        '-c:v',
        'libx264',
        '-crf',
        '21',
        '-g',
        '60',
        '-pix_fmt',
        'yuv420p',
        '-movflags',
        '+faststart',
      ],
      partial,
    ]);
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  return file;
}
