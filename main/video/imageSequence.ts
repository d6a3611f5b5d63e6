import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { rateText } from './ffmpegInputDump.ts';

/**
 * A folder of numbered images taken as one video (the TSN / ActivityNet habit of extracting
 * frames: `v_abc/img_00001.jpg …`, beside `flow_x_00001.jpg …` from dense flow). ffmpeg reads
 * it with its image2 demuxer at a stated frame rate; the folder is the video's path.
 */
export interface ImageSequence {
  /** ffmpeg's input pattern, absolute: `/data/v_abc/img_%05d.jpg`. */
  pattern: string;
  /** The number of the first image (image2's -start_number). */
  startNumber: number;
  /** Images in an unbroken run from startNumber (image2 stops at the first gap). */
  frameCount: number;
  /** Numbers of the images after the first gap, when there is one: they are not read. */
  skippedAfterGap: number;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp']);
const NUMBERED = /^(.*?)(\d+)(\.[A-Za-z]+)$/;

interface Family {
  prefix: string;
  ext: string;
  /** The digit strings as written (img_00001 → "00001"). */
  digits: string[];
}

/**
 * The sequence a folder holds, or null when it holds none (fewer than two numbered images).
 * With several families (img_, flow_x_, flow_y_), `img_` wins, else the largest.
 */
export async function findImageSequence(folder: string): Promise<ImageSequence | null> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const families = new Map<string, Family>();
  for (const name of names) {
    const match = NUMBERED.exec(name);
    if (!match) continue;
    const [, prefix = '', digits = '', ext = ''] = match;
    if (!IMAGE_EXTENSIONS.has(ext.toLowerCase())) continue;
    const key = `${prefix}|${ext}`;
    const family = families.get(key) ?? { prefix, ext, digits: [] };
    family.digits.push(digits);
    families.set(key, family);
  }
  const all = [...families.values()].filter((f) => f.digits.length >= 2);
  if (all.length === 0) return null;
  all.sort((a, b) => b.digits.length - a.digits.length);
  const chosen = all.find((f) => f.prefix === 'img_') ?? all[0]!;
  // Zero-padded (img_00001) when some number is written with a leading zero; else plain.
  const padded = chosen.digits.find((d) => d.length > 1 && d.startsWith('0'));
  const width = padded?.length ?? 0;
  const numbers = [
    ...new Set(chosen.digits.filter((d) => !width || d.length === width).map(Number)),
  ].sort((a, b) => a - b);
  const startNumber = numbers[0]!;
  let frameCount = 1;
  while (numbers[frameCount] === startNumber + frameCount) frameCount++;
  const field = width > 0 ? `%0${width}d` : '%d';
  // A literal % in the prefix would be read as a pattern: image2 escapes it as %%.
  const prefix = chosen.prefix.replaceAll('%', '%%');
  return {
    pattern: path.join(path.resolve(folder), `${prefix}${field}${chosen.ext}`),
    startNumber,
    frameCount,
    skippedAfterGap: numbers.length - frameCount,
  };
}

/** ffmpeg/ffprobe input options that read a sequence at `fps` as a video. */
export function sequenceInputArgs(
  sequence: ImageSequence,
  fps: { num: number; den: number },
): string[] {
  return [
    ...['-f', 'image2', '-framerate', `${fps.num}/${fps.den}`],
    ...['-start_number', String(sequence.startNumber), '-i', sequence.pattern],
  ];
}

const DEFAULT_SEQUENCE_FPS = 30;

/**
 * The frame rate image sequences are read at: ACTIONLINE_IMAGE_FPS (the CLI's --image-fps
 * sets it for its run and its worker), else the settings' imageSequenceFps, else 30 (what
 * most frame-extraction scripts for ActivityNet and Kinetics use). A folder holds no rate.
 */
export function imageSequenceFps(settingsFps?: number): { num: number; den: number } {
  const fromEnv = Number(process.env.ACTIONLINE_IMAGE_FPS);
  const fps =
    Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : (settingsFps ?? DEFAULT_SEQUENCE_FPS);
  const [num, den] = rateText(fps).split('/').map(Number);
  return { num: num!, den: den! };
}
