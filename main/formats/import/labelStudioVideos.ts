import type { DatabaseSync } from 'node:sqlite';
import { rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import { formatError } from '../../activitynet/jsonChecks.ts';
import { LABEL_STUDIO_DEFAULT_FPS, rateOf } from '../labelStudio/frames.ts';
import type { LabelStudioTask } from '../labelStudio/types.ts';
import { withoutUploadPrefix } from '../labelStudio/videoName.ts';
import { videoIdFromPath } from '../videoId.ts';

/** Where a task's frames came from, and which rate turns them into seconds. */
export interface TaskVideo {
  task: LabelStudioTask;
  videoId: string;
  /** The project has no video of this id yet: it is added by id, its media linked later. */
  isNew: boolean;
  fps: Rational;
  fpsSource: 'probed' | 'task' | 'default';
  /** The task's video name carried Label Studio's upload prefix, and the match left it out. */
  prefixLeftOut: boolean;
}

interface StoredVideo {
  fps: Rational | null;
  variableFrameRate: boolean;
}

/**
 * Matches each task to a project video by file name, as `actionline add` names videos (the
 * name without its extension): the name as it is, else without Label Studio's upload prefix
 * ("1a2b3c4d-clip.mp4" is clip's task); a video the project lacks is added under the name
 * without the prefix, the team's own file name. Frames are read at the project's probed rate
 * of the video where it is known (the decoded frames), else at the task's `fps`, else at Label
 * Studio's default 24; the warnings say which videos got which, and where rates disagree.
 * Two tasks of one video are refused: their frames would land in one layer twice.
 */
export function matchTaskVideos(
  db: DatabaseSync,
  tasks: readonly LabelStudioTask[],
  file: string,
): { videos: TaskVideo[]; warnings: string[] } {
  const stored = storedVideos(db);
  const taskOfVideo = new Map<string, string>();
  const videos = tasks.map((task): TaskVideo => {
    const asIs = videoIdFromPath(task.videoName);
    const unprefixedName = withoutUploadPrefix(task.videoName);
    const unprefixed = unprefixedName === null ? null : videoIdFromPath(unprefixedName);
    let videoId = asIs;
    if (!stored.has(asIs) && unprefixed !== null) videoId = unprefixed;
    const earlier = taskOfVideo.get(videoId);
    if (earlier !== undefined) {
      throw formatError(
        file,
        task.path,
        `its video "${task.videoName}" is video "${videoId}", as is the video of the task at ${earlier || '(root)'}; a video takes one task (merge them in Label Studio, or import them from two files)`,
      );
    }
    taskOfVideo.set(videoId, task.path);
    const video = stored.get(videoId);
    const base = { task, videoId, isNew: video === undefined, prefixLeftOut: videoId !== asIs };
    if (video?.fps) return { ...base, fps: video.fps, fpsSource: 'probed' };
    if (task.taskFps !== null) return { ...base, fps: rateOf(task.taskFps), fpsSource: 'task' };
    return { ...base, fps: rateOf(LABEL_STUDIO_DEFAULT_FPS), fpsSource: 'default' };
  });
  return { videos, warnings: videoWarnings(videos, stored, file) };
}

function storedVideos(db: DatabaseSync): Map<string, StoredVideo> {
  const rows = db.prepare('SELECT id, fps_num, fps_den, variable_frame_rate FROM videos').all() as {
    id: string;
    fps_num: number | null;
    fps_den: number | null;
    variable_frame_rate: number;
  }[];
  const videos = new Map<string, StoredVideo>();
  for (const row of rows) {
    const known =
      row.fps_num !== null && row.fps_den !== null && row.fps_num > 0 && row.fps_den > 0;
    videos.set(row.id, {
      fps: known ? { num: row.fps_num!, den: row.fps_den! } : null,
      variableFrameRate: row.variable_frame_rate === 1,
    });
  }
  return videos;
}

const LISTED = 5;

function videoWarnings(
  videos: readonly TaskVideo[],
  stored: ReadonlyMap<string, StoredVideo>,
  file: string,
): string[] {
  const warnings: string[] = [];
  if (videos.length > 0) {
    const groups = [
      { source: 'probed', what: "the project's probed rate" },
      { source: 'task', what: 'the task\'s "fps"' },
      { source: 'default', what: "Label Studio's default 24 fps (no probed rate, no task fps)" },
    ] as const;
    const parts = groups.flatMap(({ source, what }) => {
      const group = videos.filter((v) => v.fpsSource === source);
      if (group.length === 0) return [];
      const named = group.map((v) =>
        source === 'default' ? v.videoId : `${v.videoId} ${rateText(v.fps)}`,
      );
      return [`${what} for ${count(group.length, 'video')} (${listed(named)})`];
    });
    warnings.push(`${file}: frame numbers read at ${parts.join('; at ')}`);
  }
  const disagree = videos.filter(
    (v) =>
      v.fpsSource === 'probed' &&
      v.task.taskFps !== null &&
      Math.abs(v.task.taskFps - rationalToNumber(v.fps)) > 1e-3,
  );
  if (disagree.length > 0) {
    const named = disagree.map(
      (v) => `${v.videoId}: task ${rateText(rateOf(v.task.taskFps!))}, probed ${rateText(v.fps)}`,
    );
    warnings.push(
      `${file}: ${count(disagree.length, 'task')} ${disagree.length === 1 ? 'gives' : 'give'} an "fps" that is not the video's probed rate (${listed(named)}); the probed rate was used: if Label Studio played them at the task's rate, their frames are off by the ratio`,
    );
  }
  const variable = videos.filter((v) => stored.get(v.videoId)?.variableFrameRate);
  if (variable.length > 0) {
    warnings.push(
      `${file}: ${count(variable.length, 'video')} ${variable.length === 1 ? 'has' : 'have'} a variable frame rate (${listed(variable.map((v) => v.videoId))}): Label Studio counts frames at one constant rate, so its frame numbers drift from the decoded frames`,
    );
  }
  const prefixed = videos.filter((v) => v.prefixLeftOut);
  if (prefixed.length > 0) {
    const named = prefixed.map((v) => `${v.task.videoName} → ${v.videoId}`);
    warnings.push(
      `${file}: ${count(prefixed.length, 'task')} ${prefixed.length === 1 ? 'names its' : 'name their'} video with Label Studio's upload prefix, matched without it (${listed(named)})`,
    );
  }
  return warnings;
}

/** 30000/1001 → "29.97 fps". */
function rateText(fps: Rational): string {
  return `${Number(rationalToNumber(fps).toFixed(3))} fps`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
