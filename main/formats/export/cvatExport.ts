import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import { ActionlineError } from '../../base/errors.ts';
import { classNames, getActiveLabelSet } from '../../project/labelSets.ts';
import {
  attributesText,
  hasNonXmlCharacters,
  metaLines,
  type MetaEntry,
  type MetaValue,
} from '../cvat/cvatXmlText.ts';
import { segmentFrames } from '../cvat/tagFrames.ts';
import { CVAT_FALLBACK_FPS } from '../import/cvatImport.ts';
import { importedFrameRates } from '../import/importLog.ts';
import { videoIdFromPath } from '../videoId.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { layerSegments, type LayerSegment, type LayerSelection } from './layerSegments.ts';

/**
 * "CVAT for images 1.1" annotations.xml, one task per video, for CVAT's "Upload annotations"
 * on a video task made from the same file (frame_filter empty: every frame): each segment
 * tags the frames whose start lies in it, ⌈start·fps⌉ … ⌈end·fps⌉ − 1 at the video's probed
 * rate (before the media is probed: the rate an import read it at, else 30 fps), as
 * `<image id="f" name="frame_00000f"><tag label source="manual">` — CVAT matches images by
 * that name. Only tagged frames are written (CVAT's own export lists every frame; its
 * importer needs only these). A task takes one annotations.xml, so one video is one file and
 * several are a folder of `<video>.xml`, one per task. CVAT tags have no author: every
 * annotator's layer of a video goes into its one task (a warning says so; `--annotator`
 * picks one), the sole annotator written as the task's assignee. Bounded: a file is one
 * line per tag, so more than MAX_CVAT_TAGS tags (about 100 MB) are refused.
 */

/** The most tags (frames × labels) one export writes: ~90 bytes each, so ~100 MB of XML. */
export const MAX_CVAT_TAGS = 1_000_000;

interface VideoRow {
  id: string;
  path: string | null;
  fps_num: number | null;
  fps_den: number | null;
  duration_sec: number | null;
  resolution: string | null;
  subset: string | null;
}

const LISTED = 5;

export function cvatText(db: DatabaseSync, selection: LayerSelection = {}): ExportText {
  const videos = videoRows(db, selection);
  const byVideo = new Map<string, LayerSegment[]>();
  for (const s of layerSegments(db, selection)) {
    let list = byVideo.get(s.videoId);
    if (!list) byVideo.set(s.videoId, (list = []));
    list.push(s);
  }
  const imported = importedFrameRates(db);
  const labels = labelList(db, byVideo);
  const unprobed: string[] = [];
  const merged: string[] = [];
  let widened = 0;
  let tagCount = 0;
  const planned = videos.map((video) => {
    const probed =
      video.fps_num !== null && video.fps_den !== null && video.fps_num > 0 && video.fps_den > 0;
    const fps: Rational = probed
      ? { num: video.fps_num!, den: video.fps_den! }
      : { num: imported.get(video.id) ?? CVAT_FALLBACK_FPS, den: 1 };
    if (!probed) unprobed.push(`${video.id} ${Number(rationalToNumber(fps).toFixed(3))} fps`);
    const segments = byVideo.get(video.id) ?? [];
    const runs = segments.map((s) => {
      const { run, widened: w } = segmentFrames(s.startSec, s.endSec, fps);
      if (w) widened++;
      tagCount += run.endFrame - run.firstFrame;
      return { run, label: s.label };
    });
    const annotators = [...new Set(segments.map((s) => s.annotator))].sort();
    if (annotators.length > 1) merged.push(`${video.id}: ${annotators.join(', ')}`);
    return { video, fps, runs, annotator: annotators.length === 1 ? annotators[0]! : null };
  });
  // Checked before a single tag is expanded: the sum of the runs' lengths is what would be written.
  if (tagCount > MAX_CVAT_TAGS) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `a CVAT export writes one tag per frame of each segment: this one would write ${tagCount} tags, more than ${MAX_CVAT_TAGS} (about 100 MB of XML); export fewer videos (--subset) or one annotator (--annotator)`,
    );
  }
  const files = planned.map((p, i) => ({
    name: fileNameOf(p.video.id),
    text: taskText(p.video, i + 1, p.fps, p.runs, labels, p.annotator),
  }));
  const warnings: string[] = [];
  if (unprobed.length > 0) {
    warnings.push(
      `${unprobed.length} video(s) have no probed frame rate (${listed(unprobed)}): frames counted at the rate an import read them at, else ${CVAT_FALLBACK_FPS} fps; link and probe the media for frames that match CVAT's`,
    );
  }
  if (merged.length > 0) {
    warnings.push(
      `${merged.length} video(s) hold segments of several annotators, merged into one CVAT task each (CVAT tags have no author; --annotator exports one): ${listed(merged)}`,
    );
  }
  if (widened > 0) {
    warnings.push(
      `${widened} segment(s) shorter than a frame became a tag on the one frame they start in`,
    );
  }
  if (labels.some(hasNonXmlCharacters) || videos.some((v) => hasNonXmlCharacters(v.id))) {
    warnings.push(
      'labels or video ids with characters XML cannot hold: those characters became U+FFFD',
    );
  }
  const one = files.length <= 1;
  return {
    text: one ? (files[0]?.text ?? taskText(null, 1, null, [], labels, null)) : '',
    ...(!one && { files: uniqueNames(files) }),
    warnings,
    ...(!one && {
      notes: [
        `${files.length} videos: a folder of ${files.length} annotations files, one per CVAT task (a task's "Upload annotations" takes one file)`,
      ],
    }),
    videoCount: videos.length,
    itemCount: tagCount,
  };
}

function taskText(
  video: VideoRow | null,
  taskId: number,
  fps: Rational | null,
  runs: readonly { run: { firstFrame: number; endFrame: number }; label: string }[],
  labels: readonly string[],
  annotator: string | null,
): string {
  const tagsAt = new Map<number, Set<string>>();
  for (const { run, label } of runs) {
    for (let f = run.firstFrame; f < run.endFrame; f++) {
      let set = tagsAt.get(f);
      if (!set) tagsAt.set(f, (set = new Set()));
      set.add(label);
    }
  }
  const frames = [...tagsAt.keys()].sort((a, b) => a - b);
  const durationFrames =
    video?.duration_sec != null && fps !== null
      ? Math.ceil((video.duration_sec * fps.num) / fps.den - 1e-6)
      : 0;
  const stopFrame = Math.max(durationFrames - 1, frames.at(-1) ?? 0, 0);
  const size = String(stopFrame + 1);
  const size2 = /^(\d+)x(\d+)$/.exec(video?.resolution ?? '');
  const user = (name: string | null): MetaValue =>
    name === null
      ? ''
      : [
          ['username', name],
          ['email', ''],
        ];
  const source = video === null ? null : sourceName(video);
  const task: MetaEntry[] = [
    ['id', String(taskId)],
    ['name', video?.id ?? 'Actionline export'],
    ['size', size],
    ['mode', 'interpolation'],
    ['overlap', '0'],
    ['bugtracker', ''],
    ['subset', video?.subset ?? 'default'],
    ['start_frame', '0'],
    ['stop_frame', String(stopFrame)],
    ['frame_filter', ''],
    [
      'segments',
      [
        [
          'segment',
          [
            ['id', String(taskId)],
            ['start', '0'],
            ['stop', String(stopFrame)],
            ['url', ''],
          ],
        ],
      ],
    ],
    ['owner', ''],
    ['assignee', user(annotator)],
    [
      'labels',
      labels.map((name): MetaEntry => [
        'label',
        [
          ['name', name],
          ['type', 'tag'],
          ['attributes', []],
        ],
      ]),
    ],
    ...(size2
      ? [
          [
            'original_size',
            [
              ['width', size2[1]!],
              ['height', size2[2]!],
            ],
          ] as MetaEntry,
        ]
      : []),
    ...(source === null ? [] : [['source', source] as MetaEntry]),
  ];
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotations>',
    '  <version>1.1</version>',
  ];
  lines.push(...metaLines([['meta', [['task', task]]]], 1));
  const dims: Record<string, string> = size2 ? { width: size2[1]!, height: size2[2]! } : {};
  for (const frame of frames) {
    const name = `frame_${String(frame).padStart(6, '0')}`;
    lines.push(`  <image${attributesText({ id: String(frame), name, ...dims })}>`);
    for (const label of [...tagsAt.get(frame)!].sort()) {
      lines.push(`    <tag${attributesText({ label, source: 'manual' })}>`, '    </tag>');
    }
    lines.push('  </image>');
  }
  lines.push('</annotations>', '');
  return lines.join('\n');
}

/**
 * The media file's name, what CVAT writes in <source>; null (no <source>, the task's name is
 * the video id, which the import reads) where the project knows no file, or the file's name
 * is not the video's id.
 */
function sourceName(video: VideoRow): string | null {
  if (video.path === null) return null;
  const name = path.basename(video.path);
  return videoIdFromPath(name) === video.id ? name : null;
}

/** The active label set's classes in their order, then any other label written, sorted. */
function labelList(db: DatabaseSync, byVideo: ReadonlyMap<string, LayerSegment[]>): string[] {
  const active = getActiveLabelSet(db);
  const labels = active === null ? [] : classNames(db, active.id);
  const known = new Set(labels);
  const others = new Set<string>();
  for (const segments of byVideo.values()) {
    for (const s of segments) if (!known.has(s.label)) others.add(s.label);
  }
  return [...labels, ...[...others].sort()];
}

/** A file name from a video id: characters no file system takes become "_". */
function fileNameOf(videoId: string): string {
  const safe = videoId.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return `${safe === '' ? '_' : safe}.xml`;
}

/** Two ids that make one file name get "name (2).xml", "name (3).xml", … */
function uniqueNames(files: { name: string; text: string }[]): { name: string; text: string }[] {
  const seen = new Set<string>();
  return files.map((f) => {
    let name = f.name;
    for (let n = 2; seen.has(name.toLowerCase()); n++)
      name = f.name.replace(/\.xml$/, ` (${n}).xml`);
    seen.add(name.toLowerCase());
    return { ...f, name };
  });
}

function videoRows(db: DatabaseSync, selection: LayerSelection): VideoRow[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(
      `SELECT id, path, fps_num, fps_den, duration_sec, resolution, subset FROM videos ${where} ORDER BY id`,
    )
    .all(...params) as unknown as VideoRow[];
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
