import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runTool } from './runTool.ts';

/**
 * What a bug report needs to know of the ffmpeg build beyond its version string (the npm
 * builds print a git snapshot, `N-47683-g0e8eb07980`): when it was built, its libavcodec,
 * which of the codecs people's footage brings it decodes, and whether ffprobe survives an
 * MPEG-TS file (the bundled one segfaults on every one; probing then goes through ffmpeg).
 */

/** Codecs of real footage (test/fixtures/footageCorpus.ts and beyond) → decoder names. */
const FOOTAGE_CODECS: Record<string, readonly string[]> = {
  h264: ['h264'],
  hevc: ['hevc'],
  vp9: ['vp9', 'libvpx-vp9'],
  av1: ['libdav1d', 'libaom-av1', 'av1'],
  mpeg2video: ['mpeg2video'],
  mpeg4: ['mpeg4'],
  msmpeg4v3: ['msmpeg4', 'msmpeg4v3'],
  cinepak: ['cinepak'],
  mjpeg: ['mjpeg'],
  prores: ['prores'],
  dvvideo: ['dvvideo'],
  aac: ['aac'],
  mp3: ['mp3', 'mp3float'],
  ac3: ['ac3'],
};

export interface FfmpegFacts {
  /** The last year of its copyright line: when the build's sources are from. */
  builtYear?: number;
  libavcodec?: string;
  /** Each footage codec: whether this build decodes it. */
  decodes?: Record<string, boolean>;
}

export async function ffmpegFacts(ffmpeg: string, versionText: string): Promise<FfmpegFacts> {
  const year = /Copyright \(c\) \d{4}-(\d{4})/.exec(versionText)?.[1];
  const avcodec = /libavcodec\s+(\d+)\.\s*(\d+)\.\s*(\d+)/.exec(versionText);
  const facts: FfmpegFacts = {
    ...(year ? { builtYear: Number(year) } : {}),
    ...(avcodec ? { libavcodec: `${avcodec[1]}.${avcodec[2]}.${avcodec[3]}` } : {}),
  };
  const listed = await runTool(ffmpeg, ['-hide_banner', '-decoders'], 10_000);
  if (!listed.ok) return facts;
  const names = new Set(
    listed.stdout
      .split('\n')
      .map((line) => /^\s*[VASDFXBI.]{6}\s+(\S+)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  const decodes = Object.fromEntries(
    Object.entries(FOOTAGE_CODECS).map(([codec, decoders]) => [
      codec,
      decoders.some((d) => names.has(d)),
    ]),
  );
  return { ...facts, decodes };
}

/** Whether ffprobe reads a small H.264 MPEG-TS file ffmpeg writes; undefined if none could be made. */
export async function ffprobeReadsMpegTs(
  ffmpeg: string,
  ffprobe: string,
): Promise<boolean | undefined> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'actionline-doctor-'));
  try {
    const file = path.join(dir, 'probe.ts');
    const made = await runTool(ffmpeg, [
      ...['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=96x64:r=25:d=1'],
      // H.264 in TS, as cameras and broadcast captures write it (MPEG-2 in TS probes fine).
      ...['-c:v', 'libx264', '-f', 'mpegts', file],
    ]);
    if (!made.ok) return undefined;
    const probed = await runTool(ffprobe, ['-v', 'error', '-show_format', '-of', 'json', file]);
    return probed.ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
