import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { Rational } from '../../../shared/time/rational.ts';
import { classNames, getActiveLabelSet } from '../../project/labelSets.ts';
import { listAnnotators, type Annotator } from '../../project/annotators.ts';
import { listRuns } from '../../project/runs.ts';
import { importedFrameRates } from '../import/importLog.ts';
import { LABEL_STUDIO_DEFAULT_FPS, rateOf, secondsToFrames } from '../labelStudio/frames.ts';
import { videoFileName } from '../labelStudio/videoName.ts';
import { missingSubsetOf, type ExportText, type VideoSelection } from './exportTypes.ts';
import { GROUND_TRUTH_PROVENANCES } from './groundTruthExport.ts';
import { LABEL_STUDIO_CONTROL, LABEL_STUDIO_OBJECT, labellingConfig } from './labelStudioConfig.ts';
import { newestRunNotes, runsOfVideos } from './newestRuns.ts';
import { segmentWhere } from './segmentFilter.ts';
import { orderTies, SEGMENT_ORDER } from './segmentOrder.ts';
import { selectPredictions } from './selectPredictions.ts';

/**
 * Label Studio tasks JSON (import it into a Label Studio project whose labelling config is
 * the companion `<out>.config.xml`, labelStudioConfig.ts): one task per video,
 * `data: {video, fps}` with the video's file name (or its media URL, or its id) and probed
 * frame rate (before the media is probed: the rate a Label Studio import read it at, else
 * Label Studio's 24); each annotator's layer (their imported, accepted, edited and manual segments)
 * as one annotation whose `completed_by` is a stable number (below); the suggestions of the
 * video's newest run (or of `runId`) as one prediction with the run's model id as
 * `model_version` and each region's score. Segments become TimelineLabels ranges of 1-based,
 * inclusive frames (formats/labelStudio/frames.ts). Deterministic: videos by id, annotations
 * by user number, regions in segment order.
 */
export interface LabelStudioOptions extends VideoSelection {
  /** Only this annotator's annotation (default every annotator's). */
  annotatorId?: number;
  /** The suggestions of this run (default each video's newest run's). */
  runId?: number;
  /**
   * What the prediction holds: the suggested labelling (default: what the editor shows to
   * accept or fix) or the ranked detections (every scored candidate, overlapping; for
   * Label Studio's prediction scores and model comparison).
   */
  product?: 'suggested' | 'ranked';
}

interface ExportVideoRow {
  id: string;
  path: string | null;
  url: string | null;
  fps_num: number | null;
  fps_den: number | null;
  variable_frame_rate: number;
}

type SegmentRow = [
  videoId: string,
  startSec: number,
  endSec: number,
  label: string,
  id: number,
  annotatorId: number,
];

interface Result {
  id: string;
  type: 'timelinelabels';
  from_name: string;
  to_name: string;
  value: { ranges: { start: number; end: number }[]; timelinelabels: string[] };
  score?: number;
}

interface Task {
  data: { video: string; fps: number };
  annotations: {
    completed_by: number;
    was_cancelled: false;
    ground_truth: false;
    result: Result[];
  }[];
  predictions: { model_version: string; score: number; result: Result[] }[];
}

const LISTED = 5;

export function labelStudioText(db: DatabaseSync, options: LabelStudioOptions = {}): ExportText {
  const videos = selectVideoRows(db, options);
  const layers = annotationsByVideo(db, options);
  const suggestions = selectPredictions(db, {
    subset: options.subset,
    missingSubset: options.missingSubset,
    runId: options.runId,
    product: options.product ?? 'suggested',
  });
  const predictionsOf = new Map(suggestions.videos.map((v) => [v.videoId, v]));
  const modelOfRun = new Map(listRuns(db).map((r) => [r.id, r.modelId]));
  const userIds = labelStudioUserIds(listAnnotators(db));
  const importedRates = importedFrameRates(db);
  const warnings = [...suggestions.warnings];
  const labels = new Set<string>();
  const usedUsers = new Set<number>();
  const unprobed: string[] = [];
  const asImported: string[] = [];
  const variable: string[] = [];
  let widened = 0;
  let regions = 0;

  const tasks = videos.map((video): Task => {
    const probed =
      video.fps_num !== null && video.fps_den !== null && video.fps_num > 0 && video.fps_den > 0;
    const imported = importedRates.get(video.id);
    const fps: Rational = probed
      ? { num: video.fps_num!, den: video.fps_den! }
      : rateOf(imported ?? LABEL_STUDIO_DEFAULT_FPS);
    if (!probed) (imported === undefined ? unprobed : asImported).push(video.id);
    if (video.variable_frame_rate === 1) variable.push(video.id);
    const toResult = (s: { startSec: number; endSec: number; label: string }, id: string) => {
      const frames = secondsToFrames(s.startSec, s.endSec, fps);
      if (frames.widened) widened++;
      labels.add(s.label);
      regions++;
      return {
        id,
        type: 'timelinelabels' as const,
        from_name: LABEL_STUDIO_CONTROL,
        to_name: LABEL_STUDIO_OBJECT,
        value: { ranges: [{ start: frames.start, end: frames.end }], timelinelabels: [s.label] },
      };
    };
    const annotations = [...(layers.get(video.id) ?? new Map<number, SegmentRow[]>())]
      .map(([annotatorId, rows]) => ({ user: userIds.get(annotatorId)!, rows }))
      .sort((a, b) => a.user - b.user)
      .map(({ user, rows }) => {
        usedUsers.add(user);
        return {
          completed_by: user,
          was_cancelled: false as const,
          ground_truth: false as const,
          result: rows.map(([, startSec, endSec, label], i) =>
            toResult({ startSec, endSec, label }, `u${user}-${i + 1}`),
          ),
        };
      });
    const predicted = predictionsOf.get(video.id);
    const predictions =
      predicted === undefined
        ? []
        : [
            {
              model_version:
                predicted.runId === null ? '' : (modelOfRun.get(predicted.runId) ?? ''),
              score: mean(predicted.segments.map((s) => s.score)),
              result: predicted.segments.map((s, i) => ({
                ...toResult(s, `r${predicted.runId ?? 0}-${i + 1}`),
                score: s.score,
              })),
            },
          ];
    return {
      data: { video: videoSource(video), fps: fps.num / fps.den },
      annotations,
      predictions,
    };
  });

  if (asImported.length > 0) {
    warnings.push(
      `${asImported.length} video(s) have no probed frame rate (${listed(asImported)}): written with the fps their Label Studio import read their frames at`,
    );
  }
  if (unprobed.length > 0) {
    warnings.push(
      `${unprobed.length} video(s) have no probed frame rate (${listed(unprobed)}): written with fps ${LABEL_STUDIO_DEFAULT_FPS}, Label Studio's default; link and probe their media for frame-exact ranges`,
    );
  }
  if (variable.length > 0) {
    warnings.push(
      `${variable.length} video(s) have a variable frame rate (${listed(variable)}): Label Studio counts frames at one constant rate (their nominal fps is written), so its frame numbers drift from the decoded frames`,
    );
  }
  if (widened > 0) {
    warnings.push(
      `${widened} segment(s) shorter than a frame (or of no length) written as the one frame they start in`,
    );
  }
  const notes: string[] = [];
  if (usedUsers.size > 0) {
    const mapping = [...userIds]
      .filter(([, user]) => usedUsers.has(user))
      .sort(([, a], [, b]) => a - b)
      .map(([annotatorId, user]) => `${user} = "${nameOf(db, annotatorId)}"`);
    notes.push(
      `completed_by: ${mapping.join(', ')} (Label Studio imports annotations only where completed_by is the user id of a member of its organisation: create those users, or change the ids, before importing)`,
    );
  }
  if (options.runId === undefined) {
    notes.push(...newestRunNotes(runsOfVideos(db, suggestions.videos), suggestions.olderLeftOut));
  }
  const config = labellingConfig(configLabels(db, labels));
  return {
    text: `${JSON.stringify(tasks, null, 2)}\n`,
    warnings,
    notes,
    videoCount: tasks.length,
    itemCount: regions,
    companions: [{ suffix: '.config.xml', text: config }],
  };
}

/**
 * The number each annotator is in `completed_by`: the Label Studio user id of a layer that
 * came from Label Studio ("ls-user-7" is 7, so a reviewed project goes back as the same
 * users), else the annotator's own id in this project, else (taken) the next free number.
 * Stable for a project: the same annotator gets the same number in every export.
 */
export function labelStudioUserIds(annotators: readonly Annotator[]): Map<number, number> {
  const ids = new Map<number, number>();
  const taken = new Set<number>();
  for (const a of annotators) {
    const match = /^ls-user-(0|[1-9]\d*)$/.exec(a.name);
    const id = match ? Number(match[1]) : Number.NaN;
    if (Number.isSafeInteger(id)) {
      ids.set(a.id, id);
      taken.add(id);
    }
  }
  let next = Math.max(0, ...taken, ...annotators.map((a) => a.id)) + 1;
  for (const a of [...annotators].sort((x, y) => x.id - y.id)) {
    if (ids.has(a.id)) continue;
    const id = taken.has(a.id) ? next++ : a.id;
    ids.set(a.id, id);
    taken.add(id);
  }
  return ids;
}

function nameOf(db: DatabaseSync, annotatorId: number): string {
  const row = db.prepare('SELECT name FROM annotators WHERE id = ?').get(annotatorId) as
    { name: string } | undefined;
  return row?.name ?? String(annotatorId);
}

function selectVideoRows(db: DatabaseSync, selection: VideoSelection): ExportVideoRow[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(
      `SELECT id, path, url, fps_num, fps_den, variable_frame_rate FROM videos ${where} ORDER BY id`,
    )
    .all(...params) as unknown as ExportVideoRow[];
}

/** Each video's annotators' segments (their own rows, no shared predictions), by annotator. */
function annotationsByVideo(
  db: DatabaseSync,
  options: LabelStudioOptions,
): Map<string, Map<number, SegmentRow[]>> {
  const where = segmentWhere({
    provenances: GROUND_TRUTH_PROVENANCES,
    layer: 'all',
    subset: options.subset,
    missingSubset: options.missingSubset,
  });
  let sql = `${where.sql} AND s.annotator_id IS NOT NULL`;
  const params = [...where.params];
  if (options.annotatorId !== undefined) {
    sql += ' AND s.annotator_id = ?';
    params.push(options.annotatorId);
  }
  const statement = db.prepare(
    `SELECT s.video_id, s.start_sec, s.end_sec, s.label, s.id, s.annotator_id FROM segments s ${sql} ${SEGMENT_ORDER}`,
  );
  statement.setReturnArrays(true);
  const byVideo = new Map<string, Map<number, SegmentRow[]>>();
  for (const row of orderTies(statement.all(...params) as unknown as SegmentRow[])) {
    let layers = byVideo.get(row[0]);
    if (!layers) byVideo.set(row[0], (layers = new Map()));
    let rows = layers.get(row[5]);
    if (!rows) layers.set(row[5], (rows = []));
    rows.push(row);
  }
  return byVideo;
}

/**
 * What `data.video` names: the media file's name (Label Studio matches nothing by path; the
 * team points the task at its upload or storage, and import matches the name back), else a
 * media URL the project knows, else the video id (a video known by id only).
 */
function videoSource(video: ExportVideoRow): string {
  if (video.path !== null) return path.basename(video.path);
  if (video.url !== null && /\.[A-Za-z0-9]{2,5}$/.test(videoFileName(video.url))) return video.url;
  return video.id;
}

/** The active label set's classes in their order, then any other label written, sorted. */
function configLabels(db: DatabaseSync, written: ReadonlySet<string>): string[] {
  const active = getActiveLabelSet(db);
  const labels = active === null ? [] : classNames(db, active.id);
  const known = new Set(labels);
  const others = [...written].filter((l) => !known.has(l)).sort();
  return [...labels, ...others];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
