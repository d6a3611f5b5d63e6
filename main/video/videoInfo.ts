import type { Rational } from '../../shared/time/rational.ts';

/**
 * What Actionline knows about a video file after probing. A plain object, so it can cross
 * IPC and be stored in the project. Times follow the data model: time zero is the first
 * decoded frame (`startTimeSec` is subtracted from every container timestamp), frame i
 * covers [t_i, t_{i+1}).
 */
export interface VideoInfo {
  path: string;
  /** End of the last frame minus time zero (frameCount / fps for a constant frame rate). */
  durationSec: number;
  /**
   * Exact frame rate: r_frame_rate for constant-frame-rate video; for variable-frame-rate video
   * the average rate (frame times then come from the real timestamps, see frameTimes.ts).
   */
  fps: Rational;
  frameCount: number;
  /** Frame size as a player displays it (after rotation). */
  width: number;
  height: number;
  /** Frame size as stored in the stream (before rotation). */
  codedWidth: number;
  codedHeight: number;
  /** Clockwise rotation a player applies to display the video: 0, 90, 180 or 270. */
  rotationDeg: number;
  /** ffprobe codec name, e.g. 'h264'. */
  codec: string;
  /** e.g. 'yuv420p'. */
  pixelFormat: string;
  /** Presentation time (container seconds) of the first decoded frame: time zero. */
  startTimeSec: number;
  /**
   * True when frame i's real timestamp can be more than half a frame away from
   * startTimeSec + i / fps (see probe.ts for the rule).
   */
  isVariableFrameRate: boolean;
  /** Bits per second, when the container or stream states it. */
  bitRate?: number;
  hasAudio: boolean;
  sizeBytes: number;
  /**
   * ffprobe/ffmpeg index of the stream sampled: the video stream that is not cover art, the
   * default one when there are several.
   */
  videoStreamIndex: number;
  /** How many video streams (cover art aside) the file holds, when more than one. */
  videoStreamCount?: number;
  /** The pixels' aspect (SAR) when not square; width above is then the stretched width. */
  sampleAspect?: Rational;
  /** Field order of interlaced video (frames are deinterlaced before a model sees them). */
  fieldOrder?: 'tt' | 'bb' | 'tb' | 'bt';
  /**
   * Set when the file is cut short: its data ends here (seconds from time zero) though its
   * header promises more (`headerDurationSec`). Everything above describes the data present.
   */
  truncatedAfterSec?: number;
  headerDurationSec?: number;
  /** Set when ffprobe crashed on the file and ffmpeg was asked instead. */
  probedWithFfmpeg?: boolean;
  /**
   * Set when the video is a folder of numbered images (imageSequence.ts): ffmpeg reads
   * `pattern` from `startNumber` at `fps`. Images after a gap in the numbering are not read.
   */
  imageSequence?: { pattern: string; startNumber: number; skippedAfterGap?: number };
}
