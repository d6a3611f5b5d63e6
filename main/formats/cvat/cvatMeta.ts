import { childNamed, childrenNamed, xmlError, type XmlElement } from '../xml/parseXml.ts';

/**
 * The `<meta>` of a "CVAT for images 1.1" annotations.xml, as CVAT's dataset manager writes
 * it (sources in test/fixtures/formats/cvat/README.md): a task export has `<meta><task>`, a
 * job export `<meta><job>`, a project export `<meta><project><tasks><task>…` with the
 * project's `<labels>`. Each task gives its frame range (start_frame, stop_frame, the
 * "step=N" of frame_filter), its video (`<source>`, inside `<task>` since CVAT 2.x, beside it
 * in `<meta>` before), and its owner and assignee.
 */

export interface CvatTaskMeta {
  /** `<id>`: what a project export's images name in `task_id`. */
  id: number | null;
  name: string | null;
  /** The video's file name (`<source>`); null for an image task or a job export. */
  videoName: string | null;
  startFrame: number;
  /** Inclusive; null where the file gives none (no upper bound checked). */
  stopFrame: number | null;
  step: number;
  size: number | null;
  subset: string | null;
  /** The assignee's user name, else the owner's (who labelled the task, as far as CVAT says). */
  annotator: string | null;
  /** Project exports number frames across tasks: this task's frame n is written as n + offset. */
  frameOffset: number;
  path: string;
}

export interface CvatMeta {
  kind: 'task' | 'job' | 'project';
  tasks: CvatTaskMeta[];
  /** The label set's names in file order; null where the file lists none. */
  labels: string[] | null;
}

/** CVAT's own reading of frame_filter (engine/models.py `Data.get_frame_step`). */
const FRAME_STEP = /step\s*=\s*([1-9]\d*)/;

export function readCvatMeta(root: XmlElement, file: string): CvatMeta {
  const meta = childNamed(root, 'meta');
  if (meta === null) {
    throw xmlError(file, root.path, 'has no <meta> (CVAT for images 1.1 writes the task there)');
  }
  const project = childNamed(meta, 'project');
  if (project !== null) {
    const tasksElement = childNamed(project, 'tasks');
    const taskElements = tasksElement === null ? [] : childrenNamed(tasksElement, 'task');
    if (taskElements.length === 0) {
      throw xmlError(file, project.path, 'a project export without <tasks><task>');
    }
    const fallback = userOf(project);
    const tasks = taskElements.map((t) => readTask(t, file, fallback, null));
    projectOffsets(tasks, file);
    return { kind: 'project', tasks, labels: labelNames(project) };
  }
  const task = childNamed(meta, 'task') ?? childNamed(meta, 'job');
  if (task === null) throw xmlError(file, meta.path, 'has no <task>, <job> or <project>');
  // CVAT 1.x wrote the video's name beside <task>, in <meta>.
  const metaSource = textOf(meta, 'source');
  return {
    kind: task.name === 'job' ? 'job' : 'task',
    tasks: [readTask(task, file, null, metaSource)],
    labels: labelNames(task),
  };
}

function readTask(
  task: XmlElement,
  file: string,
  fallbackUser: string | null,
  metaSource: string | null,
): CvatTaskMeta {
  const mode = textOf(task, 'mode');
  if (mode !== null && mode !== 'interpolation') {
    throw xmlError(
      file,
      childPath(task, 'mode'),
      `"${mode.slice(0, 40)}" is an image task; Actionline reads the tags of a video task (mode "interpolation")`,
    );
  }
  const filter = textOf(task, 'frame_filter') ?? '';
  const step = Number(FRAME_STEP.exec(filter)?.[1] ?? 1);
  if (!Number.isSafeInteger(step)) {
    throw xmlError(
      file,
      childPath(task, 'frame_filter'),
      `step too large in "${filter.slice(0, 40)}"`,
    );
  }
  const startFrame = wholeNumber(task, 'start_frame', file) ?? 0;
  const stopFrame = wholeNumber(task, 'stop_frame', file);
  if (stopFrame !== null && stopFrame < startFrame) {
    throw xmlError(
      file,
      childPath(task, 'stop_frame'),
      `${stopFrame} is before start_frame ${startFrame}`,
    );
  }
  return {
    id: wholeNumber(task, 'id', file),
    name: textOf(task, 'name'),
    videoName: textOf(task, 'source') ?? metaSource,
    startFrame,
    stopFrame,
    step,
    size: wholeNumber(task, 'size', file),
    subset: textOf(task, 'subset'),
    annotator: userOf(task) ?? fallbackUser,
    frameOffset: 0,
    path: task.path,
  };
}

/**
 * ProjectData numbers a project's video frames across its tasks (bindings.py
 * `_init_task_frame_offsets`): tasks in the order <tasks> lists them (by subset, then id),
 * the offset starting at 0 for each subset and growing by start_frame + step × size.
 */
function projectOffsets(tasks: CvatTaskMeta[], file: string): void {
  let offset = 0;
  let subset: string | null | undefined;
  for (const task of tasks) {
    if (task.subset !== subset) {
      offset = 0;
      subset = task.subset;
    }
    task.frameOffset = offset;
    if (task.size === null) {
      throw xmlError(file, `${task.path}/size`, 'missing (a project export numbers frames by it)');
    }
    offset += task.startFrame + task.step * task.size;
  }
}

function labelNames(owner: XmlElement): string[] | null {
  const labels = childNamed(owner, 'labels');
  if (labels === null) return null;
  const names: string[] = [];
  for (const label of childrenNamed(labels, 'label')) {
    // A skeleton's points are labels with a <parent>; they are never a tag.
    if (textOf(label, 'parent') !== null) continue;
    const name = textOf(label, 'name');
    if (name !== null && !names.includes(name)) names.push(name);
  }
  return names;
}

/** `<assignee><username>`, else `<owner><username>` (CVAT writes "" when there is none). */
function userOf(element: XmlElement): string | null {
  for (const role of ['assignee', 'owner']) {
    const user = childNamed(element, role);
    const name = user === null ? null : textOf(user, 'username');
    if (name !== null) return name;
  }
  return null;
}

/** A child's trimmed text; null where the child is absent or empty. */
function textOf(element: XmlElement, name: string): string | null {
  const text = childNamed(element, name)?.text.trim() ?? '';
  return text === '' ? null : text;
}

/** A child's path for messages (`…/task[1]/stop_frame[1]`), or where it would be. */
function childPath(element: XmlElement, name: string): string {
  return childNamed(element, name)?.path ?? `${element.path}/${name}`;
}

function wholeNumber(element: XmlElement, name: string, file: string): number | null {
  const text = textOf(element, name);
  if (text === null) return null;
  const value = /^\d{1,15}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value)) {
    throw xmlError(
      file,
      childPath(element, name),
      `expected a whole number ≥ 0, found ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  return value;
}
