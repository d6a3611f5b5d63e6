import path from 'node:path';
import { videoIdFromPath } from '../videoId.ts';
import {
  childrenNamed,
  requiredAttribute,
  wholeNumberAttribute,
  xmlError,
  type XmlElement,
} from '../xml/parseXml.ts';
import { readCvatMeta, type CvatTaskMeta } from './cvatMeta.ts';
import { mergeTagFrames, type FrameRun } from './tagFrames.ts';

/**
 * "CVAT for images 1.1" annotations.xml of a video task (or of a job, or of a project of
 * video tasks), read as CVAT's own importer reads it (cvat.py `load_anno`, bindings.py
 * `match_dm_item`; sources in test/fixtures/formats/cvat/README.md): each `<image>` is one
 * frame of the task's video, found by its name `frame_NNNNNN` (the frame number CVAT wrote,
 * absolute in the video: start_frame + index × step), else by its `id` (the same number);
 * in a project export both count across tasks and `task_id` says whose frame it is. Its
 * `<tag label>`s are the per-frame labels; boxes, polygons and tracks are not temporal and
 * are left out with a warning. Tags of one label on consecutive sampled frames become one
 * segment (tagFrames.ts), in frames here: seconds need the video's rate (cvatImport.ts).
 */

export interface CvatVideo {
  videoId: string;
  /** The task's annotator (assignee, else owner), null where the file names none. */
  annotator: string | null;
}

export interface CvatSegment extends FrameRun {
  videoId: string;
  label: string;
  annotator: string | null;
}

export interface CvatFile {
  videos: CvatVideo[];
  segments: CvatSegment[];
  /** The task's (or project's) label set, in file order; empty where the file lists none. */
  labels: string[];
  warnings: string[];
}

const FRAME_NAME = /^frame_(\d{1,15})(\.[A-Za-z0-9]+)?$/;

/** Whether a parsed XML root is a CVAT annotations file (its root and version). */
export function isCvatRoot(root: XmlElement): boolean {
  return root.name === 'annotations';
}

export function parseCvatXml(root: XmlElement, file: string): CvatFile {
  if (!isCvatRoot(root)) {
    throw xmlError(file, root.path, 'expected <annotations> (CVAT for images 1.1) as the root');
  }
  const meta = readCvatMeta(root, file);
  const warnings: string[] = [];
  const version = childrenNamed(root, 'version')[0]?.text.trim() ?? '';
  if (version !== '1.1') {
    warnings.push(
      `${file}: version ${JSON.stringify(version.slice(0, 20))} (CVAT for images writes 1.1); read as 1.1`,
    );
  }
  const known = meta.labels === null ? null : new Set(meta.labels);
  const taskById = new Map(meta.tasks.map((t) => [t.id, t]));
  // Per task (by position) and label, the tagged frames; where each frame's image was.
  const frames = meta.tasks.map(() => new Map<string, Set<number>>());
  const imageAt = new Map<string, string>();
  let shapes = 0;
  for (const child of root.children) {
    if (child.name === 'track') shapes++;
    if (child.name !== 'image') continue;
    const task = taskOf(child, meta.kind, meta.tasks, taskById, file);
    const frame = frameOf(child, task, file);
    const index = meta.tasks.indexOf(task);
    const key = `${index}:${frame}`;
    const earlier = imageAt.get(key);
    if (earlier !== undefined) {
      throw xmlError(file, child.path, `frame ${frame} again (it is also ${earlier})`);
    }
    imageAt.set(key, child.path);
    const tags = childrenNamed(child, 'tag');
    shapes += child.children.length - tags.length;
    for (const tag of tags) {
      const label = requiredAttribute(tag, 'label', file).trim();
      if (label === '') throw xmlError(file, `${tag.path}@label`, 'empty');
      if (known !== null && !known.has(label)) {
        throw xmlError(
          file,
          `${tag.path}@label`,
          `"${label.slice(0, 80)}" is not a label of the task (<labels> has ${known.size}); CVAT itself refuses such a tag`,
        );
      }
      let set = frames[index]!.get(label);
      if (!set) frames[index]!.set(label, (set = new Set()));
      set.add(frame);
    }
  }
  if (shapes > 0) {
    warnings.push(
      `${file}: ${shapes} shape(s) or track(s) (boxes, polygons, points…) left out: only tags are per-frame labels of the video`,
    );
  }
  const videos = new Map<string, CvatVideo>();
  const segments: CvatSegment[] = [];
  meta.tasks.forEach((task, index) => {
    const videoId = videoIdOf(task, file);
    if (!videos.has(videoId)) videos.set(videoId, { videoId, annotator: task.annotator });
    const endLimit = task.stopFrame === null ? null : task.stopFrame + 1;
    for (const [label, set] of frames[index]!) {
      const sorted = [...set].sort((a, b) => a - b);
      for (const run of mergeTagFrames(sorted, task.step, endLimit)) {
        segments.push({ ...run, videoId, label, annotator: task.annotator });
      }
    }
  });
  return { videos: [...videos.values()], segments, labels: meta.labels ?? [], warnings };
}

function taskOf(
  image: XmlElement,
  kind: string,
  tasks: readonly CvatTaskMeta[],
  byId: ReadonlyMap<number | null, CvatTaskMeta>,
  file: string,
): CvatTaskMeta {
  if (kind !== 'project' || (tasks.length === 1 && image.attributes.task_id === undefined)) {
    return tasks[0]!;
  }
  const id = wholeNumberAttribute(image, 'task_id', file);
  const task = byId.get(id);
  if (task === undefined) {
    throw xmlError(file, `${image.path}@task_id`, `no task ${id} in <meta><project><tasks>`);
  }
  return task;
}

/** The image's frame of the video, checked against the task's sampled frames. */
function frameOf(image: XmlElement, task: CvatTaskMeta, file: string): number {
  const match = FRAME_NAME.exec(image.attributes.name ?? '');
  const id = wholeNumberAttribute(image, 'id', file);
  const written = match ? Number(match[1]) : id;
  const where = match ? `${image.path}@name` : `${image.path}@id`;
  const frame = written - task.frameOffset;
  const { startFrame, stopFrame, step } = task;
  if (frame < startFrame || (stopFrame !== null && frame > stopFrame)) {
    throw xmlError(file, where, `frame ${written} is outside the task's frames ${range(task)}`);
  }
  if ((frame - startFrame) % step !== 0) {
    throw xmlError(file, where, `frame ${written} is not one of the task's frames ${range(task)}`);
  }
  return frame;
}

function range(task: CvatTaskMeta): string {
  const offset = task.frameOffset;
  const stop = task.stopFrame === null ? '…' : String(task.stopFrame + offset);
  return `${task.startFrame + offset}–${stop}${task.step > 1 ? ` (every ${task.step}th)` : ''}`;
}

/** The video a task labels: its `<source>` file, else the task's name, else this file's name. */
function videoIdOf(task: CvatTaskMeta, file: string): string {
  if (task.videoName !== null) return videoIdFromPath(task.videoName) || task.videoName;
  return task.name ?? videoIdFromPath(path.basename(file));
}
