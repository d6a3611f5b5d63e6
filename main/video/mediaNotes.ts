import type { MediaNote } from '../../shared/project/types.ts';
import type { VideoInfo } from './videoInfo.ts';

export type { MediaNote };

/**
 * What a user should know about a file that probes: one short sentence per fact that
 * changes what they get (a cut-short copy gives results for part of it) or how it is read
 * (which of several streams, deinterlaced, stretched pixels). Shown by `actionline check`, the
 * CLI's batch lines and the app's video list; stored with the video.
 */

export function mediaNotes(info: VideoInfo): MediaNote[] {
  const notes: MediaNote[] = [];
  if (info.truncatedAfterSec !== undefined) {
    const promised =
      info.headerDurationSec !== undefined
        ? ` of the ${sec(info.headerDurationSec)} its header states`
        : '';
    notes.push({
      kind: 'partial',
      text: `cut short: its data ends at ${sec(info.truncatedAfterSec)}${promised}`,
    });
  }
  if (info.videoStreamCount !== undefined && info.videoStreamCount > 1) {
    notes.push({
      kind: 'info',
      text: `${info.videoStreamCount} video streams: stream #${info.videoStreamIndex} (the default) is analysed`,
    });
  }
  if (info.fieldOrder) {
    const first = info.fieldOrder.startsWith('t') ? 'top' : 'bottom';
    notes.push({
      kind: 'info',
      text: `interlaced (${first} field first): deinterlaced for the model`,
    });
  }
  if (info.sampleAspect) {
    const { num, den } = info.sampleAspect;
    notes.push({
      kind: 'info',
      text: `non-square pixels (${num}:${den}): read as ${info.width}×${info.height}`,
    });
  }
  if (info.imageSequence) {
    const { num, den } = info.fps;
    const rate = Number((num / den).toFixed(3));
    notes.push({ kind: 'info', text: `a folder of numbered images, read at ${rate} fps` });
    const skipped = info.imageSequence.skippedAfterGap ?? 0;
    if (skipped > 0) {
      notes.push({
        kind: 'partial',
        text: `the numbering has a gap after image ${info.imageSequence.startNumber + info.frameCount - 1}: the ${skipped} images after it are not read`,
      });
    }
  }
  if (info.probedWithFfmpeg) {
    notes.push({ kind: 'info', text: 'probed with ffmpeg (the bundled ffprobe crashes on it)' });
  }
  return notes;
}

/** Seconds as people read them: "12.4 s", "1:02:03". */
function sec(value: number): string {
  if (value < 60) return `${Number(value.toFixed(1))} s`;
  const whole = Math.round(value);
  const [h, m, s] = [Math.floor(whole / 3600), Math.floor(whole / 60) % 60, whole % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
