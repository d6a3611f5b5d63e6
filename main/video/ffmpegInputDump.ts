import type { FfprobeStream } from './probeRules.ts';

/**
 * What `ffmpeg -i FILE` prints about its input on stderr, read into ffprobe's shapes. The
 * fallback prober for files ffprobe crashes on (the npm ffprobe segfaults on every MPEG-TS):
 * ffmpeg itself demuxes and decodes them, so a file it reads must never fail at the probe.
 */
export interface InputDump {
  /** e.g. 'mpegts' or 'mov,mp4,m4a,3gp,3g2,mj2' (ffprobe's format_name). */
  formatName: string;
  durationSec?: number;
  startSec?: number;
  bitRate?: number;
  streams: FfprobeStream[];
}

const INPUT = /^Input #0, (.+), from '/;
const DURATION = /^Duration: ([\d:.]+|N\/A)(?:, start: (-?[\d.]+))?(?:, bitrate: (\d+) kb\/s)?/;
const STREAM = /^Stream #0:(\d+)(?:\[[^\]]*\])?(?:\([^)]*\))?: (\w+): (.*)$/;
const ROTATE_TAG = /^rotate\s*:\s*(-?\d+)/;
const DISPLAY_MATRIX = /^displaymatrix: rotation of (-?[\d.]+) degrees/;

export function parseInputDump(stderr: string): InputDump | null {
  const dump: InputDump = { formatName: '', streams: [] };
  let inInput = false;
  let stream: FfprobeStream | undefined;
  for (const raw of stderr.split(/\r?\n/)) {
    const line = raw.trim();
    const input = INPUT.exec(line);
    if (input) {
      inInput = true;
      dump.formatName = input[1] ?? '';
      continue;
    }
    // Output sections (when a command also writes) follow the input's and are not ours.
    if (/^Output #\d+/.test(line) || /^Stream mapping:/.test(line)) inInput = false;
    if (!inInput) continue;
    const duration = DURATION.exec(line);
    if (duration) {
      const [, length, start, kbps] = duration;
      if (length && length !== 'N/A') dump.durationSec = clockSec(length);
      if (start !== undefined) dump.startSec = Number(start);
      if (kbps !== undefined) dump.bitRate = Number(kbps) * 1000;
      continue;
    }
    const streamLine = STREAM.exec(line);
    if (streamLine) {
      stream = parseStream(Number(streamLine[1]), streamLine[2] ?? '', streamLine[3] ?? '');
      dump.streams.push(stream);
      continue;
    }
    if (!stream) continue;
    const rotate = ROTATE_TAG.exec(line);
    if (rotate) stream.tags = { ...stream.tags, rotate: rotate[1] ?? '0' };
    const matrix = DISPLAY_MATRIX.exec(line);
    if (matrix)
      stream.side_data_list = [{ side_data_type: 'Display Matrix', rotation: Number(matrix[1]) }];
  }
  return dump.formatName ? dump : null;
}

function parseStream(index: number, kind: string, description: string): FfprobeStream {
  const stream: FfprobeStream = { index, codec_type: kind.toLowerCase() };
  const parts = splitTopLevel(description);
  stream.codec_name = (parts[0] ?? '').split(' ')[0] || 'unknown';
  if (/\(attached pic\)/.test(description)) stream.disposition = { attached_pic: 1 };
  if (/\(default\)/.test(description)) stream.disposition = { ...stream.disposition, default: 1 };
  if (stream.codec_type !== 'video') return stream;
  for (const [i, part] of parts.entries()) {
    const size = /^(\d+)x(\d+)/.exec(part);
    const rate = /^([\d.]+)(k?) (fps|tbr)$/.exec(part);
    const kbps = /^(\d+) kb\/s/.exec(part);
    if (size) {
      stream.width = Number(size[1]);
      stream.height = Number(size[2]);
      const sar = /\[SAR (\d+:\d+)/.exec(part);
      if (sar) stream.sample_aspect_ratio = sar[1];
    } else if (rate) {
      const text = rateText(Number(rate[1]) * (rate[2] ? 1000 : 1));
      if (rate[3] === 'fps') stream.avg_frame_rate = text;
      else stream.r_frame_rate = text;
    } else if (kbps) {
      stream.bit_rate = String(Number(kbps[1]) * 1000);
    } else if (i === 1 && /^[a-z0-9_]+(\(|$)/.test(part)) {
      stream.pix_fmt = part.split('(')[0];
      const order = FIELD_ORDERS.find(([words]) => part.includes(words));
      stream.field_order = order ? order[1] : 'progressive';
    }
  }
  stream.r_frame_rate ??= stream.avg_frame_rate;
  return stream;
}

// How ffmpeg's pixel-format parenthesis names them (libavcodec's field order strings).
const FIELD_ORDERS: [string, string][] = [
  ['top coded first', 'tb'],
  ['bottom coded first', 'bt'],
  ['top first', 'tt'],
  ['bottom first', 'bb'],
];

/** Splits on ", " outside parentheses and brackets: "yuv420p(tv, bt709)" stays whole. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (char === '(' || char === '[') depth++;
    if (char === ')' || char === ']') depth--;
    if (depth === 0 && char === ',' && text[i + 1] === ' ') {
      parts.push(current.trim());
      current = '';
      i++;
      continue;
    }
    current += char;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

// ffmpeg prints rates rounded to two decimals; the NTSC family is 1000/1001 of an integer.
const NTSC: Record<string, string> = {
  '23.98': '24000/1001',
  '29.97': '30000/1001',
  '47.95': '48000/1001',
  '59.94': '60000/1001',
  '119.88': '120000/1001',
};

/** A printed rate as ffprobe's "num/den" text. */
export function rateText(rate: number): string {
  const printed = rate.toFixed(2);
  const ntsc = NTSC[printed];
  if (ntsc) return ntsc;
  if (Number.isInteger(rate)) return `${rate}/1`;
  const hundredths = Math.round(rate * 100);
  const divisor = gcd(hundredths, 100);
  return `${hundredths / divisor}/${100 / divisor}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function clockSec(text: string): number {
  const [hours = 0, minutes = 0, seconds = 0] = text.split(':').map(Number);
  return hours * 3600 + minutes * 60 + seconds;
}
