import type { DatabaseSync } from 'node:sqlite';
import { rationalToNumber, type Rational } from '../../shared/time/rational.ts';
import { selectPredictions, type VideoPredictions } from '../formats/export/selectPredictions.ts';
import {
  LABEL_STUDIO_DEFAULT_FPS,
  labelStudioFrameRate,
  rateOf,
  secondsToFrames,
} from '../formats/labelStudio/frames.ts';
import { videoFileName, withoutUploadPrefix } from '../formats/labelStudio/videoName.ts';
import { videoIdFromPath } from '../formats/videoId.ts';
import { listRuns } from '../project/runs.ts';
import type { TimelineConfig } from './labelConfig.ts';
import type { PredictTask } from './requests.ts';

/**
 * /predict's answer for each task, from what the project has stored (never a decode): the
 * suggestions of the newest run of the task's video as one prediction of TimelineLabels
 * regions, in Label Studio's frames (formats/labelStudio/frames.ts) at the rate Label Studio
 * counts that task's frames at, with the run's model id as `model_version` and each region's
 * score. The video is the project video named like the task's file, with or without Label
 * Studio's upload prefix (the import's rule). A task without a run gets no prediction (an
 * empty list: Label Studio stores nothing and asks again later), and the log says why.
 */
export interface TimelineResult {
  id: string;
  type: 'timelinelabels';
  from_name: string;
  to_name: string;
  value: { ranges: { start: number; end: number }[]; timelinelabels: string[] };
  score: number;
}

export interface Prediction {
  result: TimelineResult[];
  score: number;
  model_version: string;
}

/** The model version /setup reports: the newest run's model (a head's run: the head), or "". */
export function projectModelVersion(db: DatabaseSync): string {
  const runs = listRuns(db);
  return runs[runs.length - 1]?.modelId ?? '';
}

export function predictTasks(
  db: DatabaseSync,
  tasks: readonly PredictTask[],
  config: TimelineConfig,
  log: (line: string) => void,
  projectFile = '<project>',
): Prediction[][] {
  const unscored = new Set<string>();
  let suggestions: Map<string, VideoPredictions> | undefined;
  const modelOfRun = new Map(listRuns(db).map((r) => [r.id, r.modelId]));
  const videoRow = db.prepare('SELECT fps_num, fps_den FROM videos WHERE id = ?');
  const newestRun = db.prepare(
    `SELECT max(run_id) AS run FROM (
       SELECT run_id FROM snippet_scores WHERE video_id = ?
       UNION SELECT run_id FROM segments WHERE video_id = ? AND run_id IS NOT NULL)`,
  );
  const predictions = tasks.map((task): Prediction[] => {
    const name = taskName(task);
    const source = task.data[config.videoKey];
    if (typeof source !== 'string' || videoFileName(source) === '') {
      log(`${name}: no video file in data.${config.videoKey}: no prediction`);
      return [];
    }
    const fileName = videoFileName(source);
    const videoId = [fileName, withoutUploadPrefix(fileName)]
      .filter((n): n is string => n !== null)
      .map((n) => videoIdFromPath(n))
      .find((id) => videoRow.get(id) !== undefined);
    if (videoId === undefined) {
      log(
        `${name}: video "${fileName}" is not in the project (\`actionline add\` it): no prediction`,
      );
      return [];
    }
    const run = (newestRun.get(videoId, videoId) as { run: number | null }).run;
    if (run === null) {
      log(`${name}: video "${videoId}" has no run yet: no prediction`);
      unscored.add(videoId);
      return [];
    }
    suggestions ??= new Map(
      selectPredictions(db, { product: 'suggested' }).videos.map((v) => [v.videoId, v]),
    );
    const predicted = suggestions.get(videoId);
    const row = videoRow.get(videoId) as { fps_num: number | null; fps_den: number | null };
    const fps = frameRateOf(task, config, row, (line) => log(`${name}: ${line}`));
    const labelOf = labelMatcher(config.labels);
    const result: TimelineResult[] = [];
    let unknown = 0;
    for (const segment of predicted?.segments ?? []) {
      const label = labelOf(segment.label);
      if (label === undefined) {
        unknown++;
        continue;
      }
      const frames = secondsToFrames(segment.startSec, segment.endSec, fps);
      result.push({
        id: `r${predicted!.runId ?? run}-${result.length + 1}`,
        type: 'timelinelabels',
        from_name: config.fromName,
        to_name: config.toName,
        value: { ranges: [{ start: frames.start, end: frames.end }], timelinelabels: [label] },
        score: segment.score,
      });
    }
    if (unknown > 0) {
      log(
        `${name}: ${unknown} suggestion(s) with labels the config's TimelineLabels lacks left out`,
      );
    }
    const modelVersion = modelOfRun.get(predicted?.runId ?? run) ?? '';
    log(`${name}: video "${videoId}", ${result.length} region(s) of ${modelVersion || 'no model'}`);
    const score = result.length === 0 ? 0 : result.reduce((a, r) => a + r.score, 0) / result.length;
    return [{ result, score, model_version: modelVersion }];
  });
  if (unscored.size > 0) {
    log(
      `${unscored.size} video(s) without a run: \`actionline run ${projectFile} --videos ${[...unscored].join(',')}\` scores them; Label Studio asks again for tasks without a prediction`,
    );
  }
  return predictions;
}

function taskName(task: PredictTask): string {
  return task.id === undefined ? 'task' : `task ${task.id}`;
}

/**
 * The rate Label Studio counts this task's frames at (`<Video frameRate>`: a number, or
 * "$key" read from the task's data, else 24). Where it is the project's probed rate, the
 * probed rational is used (30000/1001, not 29.97); where they differ Label Studio's rate wins,
 * since it is the one that reads the frames back, and the log says so.
 */
function frameRateOf(
  task: PredictTask,
  config: TimelineConfig,
  row: { fps_num: number | null; fps_den: number | null },
  log: (line: string) => void,
): Rational {
  const attr = config.frameRate;
  const { fps } =
    attr === null
      ? { fps: LABEL_STUDIO_DEFAULT_FPS }
      : labelStudioFrameRate(attr.startsWith('$') ? task.data[attr.slice(1)] : attr);
  const probed: Rational | null =
    row.fps_num !== null && row.fps_den !== null && row.fps_num > 0 && row.fps_den > 0
      ? { num: row.fps_num, den: row.fps_den }
      : null;
  if (probed === null) return rateOf(fps);
  if (Math.abs(rationalToNumber(probed) - fps) <= 1e-3) return probed;
  log(
    `Label Studio plays it at ${fps} fps, the video's probed rate is ${rationalToNumber(probed).toFixed(3)} fps: frames written at ${fps} (set frameRate="$fps" and the task's fps to the probed rate for frame-exact regions)`,
  );
  return rateOf(fps);
}

/** A model label as the config spells it: exactly, else ignoring case (the SDK's rule). */
function labelMatcher(labels: readonly string[]): (label: string) => string | undefined {
  if (labels.length === 0) return (label) => label;
  const exact = new Set(labels);
  const folded = new Map(labels.map((l) => [l.toLowerCase(), l]));
  return (label) => (exact.has(label) ? label : folded.get(label.toLowerCase()));
}
