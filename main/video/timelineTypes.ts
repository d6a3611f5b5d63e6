// What frame times are, apart from how they are read (packetIndex.ts, ffmpegProbe.ts) and
// computed (frameTimeline.ts): those read each other, so the shapes live here, below both.

/**
 * The timestamps of every frame of one video stream, read from the container's packets
 * (demuxing only, no decoding: ~0.07 s for a 5-minute 720p H.264 mp4 with a warm page
 * cache, against ~11 s to decode it). Used where the frame-rate formula is not enough:
 * counting frames when the container does not state it, variable frame rate, and keyframe
 * positions.
 */
export interface PacketIndex {
  /** Presentation times in container seconds, ascending (= frame order). */
  framePtsSec: Float64Array;
  /** Presentation times of keyframes, ascending. */
  keyframePtsSec: Float64Array;
  /** The demuxer met the end of the file before the end of the stream (a cut-short copy). */
  endedEarly?: boolean;
}

/**
 * Where each frame of a video sits in time. For constant frame rate this is the exact
 * rational formula (no I/O); for variable frame rate it is the list of real presentation
 * timestamps read from the packets (demux only, cached per file).
 */
export interface FrameTimeline {
  frameCount: number;
  /** Container presentation time of frame i (what ffmpeg's `t` is under -copyts). */
  ptsSec(frameIndex: number): number;
  /** Seconds from time zero (the first frame) to the start of frame i. */
  startSec(frameIndex: number): number;
  /** The frame whose interval [t_i, t_{i+1}) holds `timeSec` (seconds from time zero), clamped. */
  frameIndexAtSec(timeSec: number): number;
  /**
   * Container-time bounds that hold frames first..last and no other frame: half-way to the
   * neighbouring frames, so timestamp jitter below half a frame cannot change the selection.
   */
  selectBoundsSec(firstFrame: number, lastFrame: number): [number, number];
}
