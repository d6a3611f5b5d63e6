/**
 * Whether Chromium's `<video>` (Electron's and the headless browser's) plays a file as it is,
 * decided from the probe alone. Conservative: anything not known to play gets a proxy, since
 * a needless proxy costs a transcode while a missing one leaves the annotator with no picture.
 */
export interface MediaFacts {
  /** ffprobe codec_name of the video stream, e.g. 'h264', 'hevc', 'mpeg2video'. */
  codec: string;
  /** ffprobe pix_fmt of the video stream, e.g. 'yuv420p', 'yuv420p10le'. */
  pixelFormat: string;
  /** ffprobe format_name, e.g. 'mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'avi', 'mpegts'. */
  formatName: string;
  /** The file's extension, lower case with the dot ('.mp4'); the media route's Content-Type follows it. */
  extension: string;
  /** ffprobe codec_name of every audio stream (empty when silent). */
  audioCodecs: string[];
  /** Video streams other than cover art (Chromium shows the first; we analyse the default). */
  videoStreamCount?: number;
  /** Interlaced: Chromium shows the fields' comb; the proxy is deinterlaced like the model's frames. */
  interlaced?: boolean;
  /**
   * Container time of the first frame. Chromium's media timeline keeps it (an MP4 that starts
   * at 5 s plays its first frame at currentTime 5) while the player counts from time zero.
   */
  firstFrameSec?: number;
}

export interface Playability {
  playable: boolean;
  /** Why not, in words for the UI ("HEVC video"); 'plays as it is' when playable. */
  reason: string;
}

type Family = 'mp4' | 'webm' | 'matroska';

/** Extensions the media route serves with a video Content-Type, by container family. */
const EXTENSION_FAMILY: Record<string, Family> = {
  '.mp4': 'mp4',
  '.m4v': 'mp4',
  '.mov': 'mp4',
  '.webm': 'webm',
  '.mkv': 'matroska',
};

const VIDEO_CODECS: Record<Family, readonly string[]> = {
  mp4: ['h264', 'vp9', 'av1'],
  webm: ['vp8', 'vp9', 'av1'],
  matroska: ['h264', 'vp8', 'vp9', 'av1'],
};

const AUDIO_CODECS: Record<Family, readonly string[]> = {
  mp4: ['aac', 'mp3', 'opus', 'flac'],
  webm: ['opus', 'vorbis'],
  matroska: ['aac', 'mp3', 'opus', 'vorbis', 'flac'],
};

/** 8-bit 4:2:0 only: 10-bit and 4:2:2/4:4:4 decode in some Chromium builds, not all. */
const PIXEL_FORMATS = ['yuv420p', 'yuvj420p'];
const PIXEL_FORMATS_WITH_ALPHA = [...PIXEL_FORMATS, 'yuva420p'];

const CODEC_NAMES: Record<string, string> = {
  hevc: 'HEVC',
  mpeg2video: 'MPEG-2',
  mpeg1video: 'MPEG-1',
  mpeg4: 'MPEG-4 Part 2',
  prores: 'ProRes',
  dnxhd: 'DNxHD',
  mjpeg: 'Motion JPEG',
  h264: 'H.264',
  vp9: 'VP9',
  vp8: 'VP8',
  av1: 'AV1',
};

export function playability(facts: MediaFacts): Playability {
  const codec = facts.codec.toLowerCase();
  const codecName = CODEC_NAMES[codec] ?? codec;
  const family = containerFamily(facts.formatName, facts.extension);
  if (!family) {
    const container = facts.formatName.split(',')[0] || facts.extension || 'unknown';
    return no(`${container} container`);
  }
  if (!VIDEO_CODECS[family].includes(codec)) return no(`${codecName} video`);
  const formats = codec === 'vp8' || codec === 'vp9' ? PIXEL_FORMATS_WITH_ALPHA : PIXEL_FORMATS;
  if (!formats.includes(facts.pixelFormat)) {
    return no(`${codecName} video in ${facts.pixelFormat} (not 8-bit 4:2:0)`);
  }
  if ((facts.videoStreamCount ?? 1) > 1) {
    return no(`${facts.videoStreamCount} video streams (the proxy holds the one analysed)`);
  }
  if (facts.interlaced) return no('interlaced video (the proxy is deinterlaced)');
  if (Math.abs(facts.firstFrameSec ?? 0) > 0.0005) {
    return no(
      `its first frame is at ${facts.firstFrameSec!.toFixed(3)} s (the proxy starts at zero)`,
    );
  }
  const audio = facts.audioCodecs.find((a) => !AUDIO_CODECS[family].includes(a.toLowerCase()));
  if (audio !== undefined) return no(`${audio} audio`);
  return { playable: true, reason: 'plays as it is' };
}

/**
 * The container family when both the demuxer and the extension agree on it: a `.mp4` that
 * ffprobe reads as MPEG-TS is not an MP4, and an MP4 named `.avi` gets the wrong
 * Content-Type.
 */
function containerFamily(formatName: string, extension: string): Family | undefined {
  const family = EXTENSION_FAMILY[extension.toLowerCase()];
  const names = formatName.toLowerCase().split(',');
  if (family === 'mp4') return names.includes('mp4') || names.includes('mov') ? family : undefined;
  if (family === 'webm' || family === 'matroska') {
    return names.includes('matroska') || names.includes('webm') ? family : undefined;
  }
  return undefined;
}

function no(reason: string): Playability {
  return { playable: false, reason };
}
