import {
  describe as describeValue,
  expectArray,
  expectObject,
  expectString,
  formatError,
  indexPath,
  keyPath,
} from '../../activitynet/jsonChecks.ts';
import { expectLabel, expectText } from '../import/importChecks.ts';
import { PathTally } from '../import/pathTally.ts';
import { labelStudioFrameRate } from './frames.ts';
import type {
  LabelStudioAnnotation,
  LabelStudioFile,
  LabelStudioPrediction,
  LabelStudioTask,
  LabelStudioUser,
  TimelineRegion,
} from './types.ts';
import { videoFileName } from './videoName.ts';

/**
 * Reads a Label Studio JSON export (an array of tasks; one task object is taken too, as the
 * API returns it) for video with TimelineLabels: each task's video and frame rate, its
 * annotations by user, its predictions with scores. Results of type "timelinelabels" are
 * read; other results (rectangles, choices, text) are counted in a warning and left out.
 * Everything the file could get wrong that would change what is stored is refused with the
 * file and the JSON path; what Label Studio itself tolerates (a region without a label, a
 * frame 0, an unusable fps) is a warning. Pure: no project involved.
 */
export function parseLabelStudioTasks(json: unknown, file: string): LabelStudioFile {
  const state = new ParseState(file);
  const list = Array.isArray(json)
    ? json.map((task, i) => ({ task, path: indexPath('', i) }))
    : [{ task: json, path: '' }];
  if (!Array.isArray(json) && !isTaskShaped(json)) {
    throw formatError(
      file,
      '',
      `not a Label Studio tasks file: expected an array of tasks (objects with "data" and "annotations" or "predictions"), got ${describeValue(json)}`,
    );
  }
  const seenIds = new Map<string, string>();
  const tasks = list.map(({ task, path }) => {
    const parsed = state.task(task, path);
    if (parsed.id !== null) {
      const key = `${typeof parsed.id}:${parsed.id}`;
      const first = seenIds.get(key);
      if (first !== undefined) {
        throw formatError(
          file,
          keyPath(path, 'id'),
          `task id ${JSON.stringify(parsed.id)} appears twice (first at ${keyPath(first, 'id')})`,
        );
      }
      seenIds.set(key, path);
    }
    return parsed;
  });
  return { tasks, warnings: state.warnings(tasks.length) };
}

/** A task object as Label Studio exports it: `data` and annotations or predictions. */
export function isTaskShaped(json: unknown): boolean {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    Object.hasOwn(json, 'data') &&
    (Object.hasOwn(json, 'annotations') || Object.hasOwn(json, 'predictions'))
  );
}

const VIDEO_EXTENSION = /\.(mp4|m4v|mov|mkv|webm|avi|mpe?g|ogv|wmv|flv|ts|mts|m2ts|3gp)$/i;

class ParseState {
  readonly file: string;
  readonly cancelled = new PathTally('cancelled (skipped) annotations left out');
  readonly otherTypes = new PathTally('results that are not TimelineLabels regions left out');
  readonly openRanges = new PathTally(
    'ranges without a start or end frame (null) left out, as Label Studio draws none',
  );
  readonly unlabelled = new PathTally('regions without a label left out');
  readonly beforeFirst = new PathTally(
    'ranges start before frame 1 (frames are 1-based); they start at frame 1, as Label Studio shows them',
  );
  readonly badFps = new PathTally(
    'tasks have an "fps" that is no frame rate; Label Studio plays them at its default 24',
  );
  readonly unscored = new PathTally(
    'predicted regions have no score of their own nor of their prediction: imported with score 0',
  );
  readonly otherTypeNames = new Set<string>();

  constructor(file: string) {
    this.file = file;
  }

  task(value: unknown, path: string): LabelStudioTask {
    const task = expectObject(value, path, this.file);
    const id = this.taskId(task.id, keyPath(path, 'id'));
    const dataPath = keyPath(path, 'data');
    const data = expectObject(task.data, dataPath, this.file);
    const videoName = this.videoName(task, data, path);
    let taskFps: number | null = null;
    if (data.fps !== undefined && data.fps !== null) {
      const rate = labelStudioFrameRate(data.fps);
      if (!rate.usable) this.badFps.add(keyPath(dataPath, 'fps'));
      taskFps = rate.fps;
    }
    const annotations: LabelStudioAnnotation[] = [];
    this.list(task.annotations, keyPath(path, 'annotations')).forEach((item, i) => {
      const annotationPath = indexPath(keyPath(path, 'annotations'), i);
      const annotation = this.annotation(item, annotationPath);
      if (annotation) annotations.push(annotation);
    });
    const predictions = this.list(task.predictions, keyPath(path, 'predictions')).map((item, i) =>
      this.prediction(item, indexPath(keyPath(path, 'predictions'), i)),
    );
    return { id, path, videoName, taskFps, annotations, predictions };
  }

  private taskId(value: unknown, path: string): number | string | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') {
      expectText(value, path, this.file, 'task id');
      return value;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
    throw formatError(
      this.file,
      path,
      `expected a task id (an integer), got ${describeValue(value)}`,
    );
  }

  /** `data.video`, else the upload's name, else the one data value that names a video file. */
  private videoName(
    task: Record<string, unknown>,
    data: Record<string, unknown>,
    path: string,
  ): string {
    const dataPath = keyPath(path, 'data');
    let source: string | undefined;
    let sourcePath = keyPath(dataPath, 'video');
    if (data.video !== undefined) {
      source = expectString(data.video, sourcePath, this.file);
    } else if (typeof task.file_upload === 'string') {
      source = task.file_upload;
      sourcePath = keyPath(path, 'file_upload');
    } else {
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string' && VIDEO_EXTENSION.test(videoFileName(value))) {
          source = value;
          sourcePath = keyPath(dataPath, key);
          break;
        }
      }
    }
    if (source === undefined) {
      throw formatError(
        this.file,
        dataPath,
        'no video: expected "video" (the file name or URL that <Video value="$video"> plays)',
      );
    }
    const name = videoFileName(source);
    if (name.trim().length === 0) {
      throw formatError(this.file, sourcePath, `no file name in ${describeValue(source)}`);
    }
    expectText(name, sourcePath, this.file, 'video name');
    return name;
  }

  /** Annotations and predictions may be missing or null (none); anything else must be a list. */
  private list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    return expectArray(value, path, this.file);
  }

  private annotation(value: unknown, path: string): LabelStudioAnnotation | null {
    const annotation = expectObject(value, path, this.file);
    const cancelled = annotation.was_cancelled;
    if (cancelled !== undefined && cancelled !== null && typeof cancelled !== 'boolean') {
      throw formatError(
        this.file,
        keyPath(path, 'was_cancelled'),
        `expected true or false, got ${describeValue(cancelled)}`,
      );
    }
    const user = this.user(annotation.completed_by, keyPath(path, 'completed_by'));
    const regions = this.regions(annotation.result, keyPath(path, 'result'), null);
    if (cancelled === true) {
      this.cancelled.add(path);
      return null;
    }
    return { user, path, regions };
  }

  private prediction(value: unknown, path: string): LabelStudioPrediction {
    const prediction = expectObject(value, path, this.file);
    const version = prediction.model_version;
    let modelVersion: string | null = null;
    if (typeof version === 'string') {
      expectText(version, keyPath(path, 'model_version'), this.file, 'model version');
      modelVersion = version;
    } else if (typeof version === 'number' && Number.isFinite(version)) {
      modelVersion = String(version);
    } else if (version !== undefined && version !== null) {
      throw formatError(
        this.file,
        keyPath(path, 'model_version'),
        `expected a model version (text), got ${describeValue(version)}`,
      );
    }
    const score = this.score(prediction.score, keyPath(path, 'score'));
    const regions = this.regions(prediction.result, keyPath(path, 'result'), { fallback: score });
    return { modelVersion, score, path, regions };
  }

  /** Label Studio reads a prediction's score with Python's float(): numbers and numeric text. */
  private score(value: unknown, path: string): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string' && value.trim() === '') return null;
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
    if (!Number.isFinite(n)) {
      throw formatError(
        this.file,
        path,
        `expected a score (a number), got ${describeValue(value)}`,
      );
    }
    return n;
  }

  /**
   * `completed_by` is a user id in Label Studio's JSON export and an object with the user's
   * id and email in snapshots and the API (label_studio/data_export/serializers.py).
   */
  private user(value: unknown, path: string): LabelStudioUser {
    if (value === undefined || value === null) return { kind: 'unknown' };
    if (typeof value === 'number') {
      if (Number.isSafeInteger(value) && value >= 0) return { kind: 'id', id: value };
    } else if (typeof value === 'object' && !Array.isArray(value)) {
      const { id, email } = value as Record<string, unknown>;
      if (typeof email === 'string' && email.trim().length > 0) {
        expectText(email, keyPath(path, 'email'), this.file, 'email');
        return { kind: 'email', email: email.trim() };
      }
      if (typeof id === 'number' && Number.isSafeInteger(id) && id >= 0) return { kind: 'id', id };
    }
    throw formatError(
      this.file,
      path,
      `expected a user id (an integer) or a user with "id" or "email", got ${describeValue(value)}`,
    );
  }

  /**
   * The TimelineLabels regions of a result list: one per label and range of each result.
   * Predictions (`scores` given) score each region by its own score, else its prediction's.
   */
  private regions(
    value: unknown,
    path: string,
    scores: { fallback: number | null } | null,
  ): TimelineRegion[] {
    const regions: TimelineRegion[] = [];
    expectArray(value, path, this.file).forEach((item, i) => {
      const itemPath = indexPath(path, i);
      const result = expectObject(item, itemPath, this.file);
      const type = expectString(result.type, keyPath(itemPath, 'type'), this.file);
      if (type !== 'timelinelabels') {
        this.otherTypes.add(itemPath);
        this.otherTypeNames.add(type);
        return;
      }
      let score: number | null = null;
      if (scores !== null) {
        score = this.score(result.score, keyPath(itemPath, 'score')) ?? scores.fallback;
        if (score === null) this.unscored.add(itemPath);
      }
      const valuePath = keyPath(itemPath, 'value');
      const body = expectObject(result.value, valuePath, this.file);
      const labelsPath = keyPath(valuePath, 'timelinelabels');
      const labels = expectArray(body.timelinelabels, labelsPath, this.file).map((label, k) => {
        const labelPath = indexPath(labelsPath, k);
        const text = expectString(label, labelPath, this.file);
        expectLabel(text, labelPath, this.file);
        return text;
      });
      const rangesPath = keyPath(valuePath, 'ranges');
      const ranges = expectArray(body.ranges, rangesPath, this.file).flatMap((range, k) =>
        this.range(range, indexPath(rangesPath, k)),
      );
      if (labels.length === 0) {
        this.unlabelled.add(itemPath);
        return;
      }
      for (const range of ranges) {
        for (const label of labels) {
          regions.push({ ...range, label, score: scores === null ? null : (score ?? 0) });
        }
      }
    });
    return regions;
  }

  private range(value: unknown, path: string): { startFrame: number; endFrame: number }[] {
    const range = expectObject(value, path, this.file);
    if (range.start === null || range.end === null) {
      this.openRanges.add(path);
      return [];
    }
    const start = this.frame(range.start, keyPath(path, 'start'));
    const end = this.frame(range.end, keyPath(path, 'end'));
    if (end < start)
      throw formatError(this.file, path, `end frame ${end} is before start ${start}`);
    if (start < 1) this.beforeFirst.add(path);
    return [{ startFrame: Math.max(1, start), endFrame: Math.max(1, end) }];
  }

  private frame(value: unknown, path: string): number {
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      throw formatError(
        this.file,
        path,
        `expected a frame number (a whole number, 1-based), got ${describeValue(value)}`,
      );
    }
    return value;
  }

  warnings(taskCount: number): string[] {
    const other =
      this.otherTypeNames.size === 0
        ? []
        : this.otherTypes
            .warning(this.file)
            .map((w) => `${w}; types: ${[...this.otherTypeNames].sort().join(', ')}`);
    return [
      ...(taskCount === 0 ? [`${this.file}: holds no tasks`] : []),
      ...this.cancelled.warning(this.file),
      ...other,
      ...this.openRanges.warning(this.file),
      ...this.unlabelled.warning(this.file),
      ...this.beforeFirst.warning(this.file),
      ...this.badFps.warning(this.file),
      ...this.unscored.warning(this.file),
    ];
  }
}
