import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment, VideoLabel } from '../../../shared/analysis/types.ts';
import { createRun } from '../../project/runs.ts';
import type { ResultsFile, ResultsTask } from '../../activitynet/types.ts';
import { replaceRunPredictions } from './replaceRunPredictions.ts';
import type { ImportSummary } from './types.ts';
import { writeVideos } from './writeVideos.ts';

/** Proposals have no class; their segments get this label so they can be reviewed like any other. */
export const PROPOSAL_LABEL = 'proposal';

/** The one stream of an imported run: the file gives final scores, not per-stream logits. */
export const IMPORTED_STREAM = 'imported';

/**
 * Writes validated ActivityNet results as a model run to review (the caller holds the
 * transaction): model id `imported:<file name>`, source = the file name, the file's
 * version and external_data in the run's params. Detection and proposal entries become
 * shared predicted segments (no annotator) with their score as original score: ranked
 * detections, or suggestions where the file is marked as the suggested labelling (what
 * `prelabel --task labelling` writes), so that an annotator reviews one per action;
 * classification entries become predicted video labels. Videos the project lacks are added
 * by id (metadata only), so their media can be linked later.
 *
 * Importing the same file (same absolute path, same task) again reuses its run and
 * replaces its predictions as replacePredictions does, keeping every prediction an
 * annotator has already decided on; another file with the same name gets a run of its own.
 */
export function writeResults(
  db: DatabaseSync,
  results: ResultsFile<ResultsTask>,
  file: string,
  /** What another format knows of the predictions (its name, model versions): kept in the run's params. */
  extraParams: Record<string, unknown> = {},
): ImportSummary {
  const absoluteFile = path.resolve(file);
  const fileName = path.basename(file);
  const known = new Set(
    (db.prepare('SELECT id FROM videos').all() as { id: string }[]).map((r) => r.id),
  );
  const prefixWarning = vPrefixWarning(results, known, file);
  const videoOutcome = writeVideos(
    db,
    results.videos.map((v) => ({ id: v.videoId })),
  );
  const perVideo = results.videos.map((video) => toPredictions(video.entries));
  const labels = new Set<string>();
  for (const p of perVideo) for (const x of [...p.segments, ...p.labels]) labels.add(x.label);

  // Only a detection file is two products; the marker says which one this is.
  const product = results.task === 'detection' ? (results.product ?? 'detections') : undefined;
  const params = {
    file: absoluteFile,
    task: results.task,
    ...(product === undefined ? {} : { product }),
    version: results.version,
    externalData: results.externalData,
    ...extraParams,
    importedAt: new Date().toISOString(),
  };
  const modelId = `imported:${fileName}`;
  let runId = findImportedRun(db, modelId, results.task, absoluteFile);
  const reused = runId !== null;
  if (runId === null) {
    runId = createRun(db, {
      modelId,
      task: results.task,
      params,
      source: fileName,
      streams: [{ stream: IMPORTED_STREAM, modelId, weight: 1, labels: [...labels] }],
    });
  } else {
    db.prepare('UPDATE model_runs SET params_json = ? WHERE id = ?').run(
      JSON.stringify(params),
      runId,
    );
    db.prepare(
      `INSERT INTO run_streams (run_id, stream, model_id, weight, labels_json) VALUES (?, ?, ?, 1, ?)
       ON CONFLICT (run_id, stream) DO UPDATE SET labels_json = excluded.labels_json`,
    ).run(runId, IMPORTED_STREAM, modelId, JSON.stringify([...labels]));
  }
  // Videos of an earlier import that this file no longer lists lose their predictions too.
  const replaced = replaceRunPredictions(
    db,
    runId,
    results.videos.map((video, i) => ({ videoId: video.videoId, ...perVideo[i]! })),
    product === 'suggestions' ? 'suggested' : 'ranked',
  );

  const segments = perVideo.reduce((n, p) => n + p.segments.length, 0);
  const videoLabels = perVideo.reduce((n, p) => n + p.labels.length, 0);
  return {
    kind: results.task,
    ...(product === undefined ? {} : { product }),
    file,
    videos: results.videos.length,
    videosAdded: videoOutcome.added,
    segments,
    videoLabels,
    labels: labels.size,
    replaced: reused ? replaced : 0,
    annotator: null,
    runId,
    labelSetId: null,
    warnings: [
      ...prefixWarning,
      ...(results.videos.length === 0 ? [`${file}: holds no results`] : []),
    ],
  };
}

function toPredictions(entries: ResultsFile<ResultsTask>['videos'][number]['entries']): {
  segments: ScoredSegment[];
  labels: VideoLabel[];
} {
  const segments: ScoredSegment[] = [];
  const labels: VideoLabel[] = [];
  for (const entry of entries) {
    if ('segment' in entry) {
      const label = 'label' in entry ? entry.label : PROPOSAL_LABEL;
      segments.push({ ...entry.segment, label, score: entry.score });
    } else {
      labels.push({ label: entry.label, score: entry.score });
    }
  }
  return { segments, labels };
}

function findImportedRun(
  db: DatabaseSync,
  modelId: string,
  task: string,
  absoluteFile: string,
): number | null {
  const row = db
    .prepare(
      `SELECT id FROM model_runs WHERE model_id = ? AND task = ?
         AND (CASE WHEN json_valid(params_json) THEN json_extract(params_json, '$.file') END) = ?
       ORDER BY id DESC LIMIT 1`,
    )
    .get(modelId, task, absoluteFile) as { id: number } | undefined;
  return row?.id ?? null;
}

/**
 * Official ids have no "v_" prefix and some tools add one; a results id that matches a
 * project video only with the prefix added or removed is almost surely that video.
 * Actionline still matches ids exactly (as the evaluator does) and says so.
 */
function vPrefixWarning(
  results: ResultsFile<ResultsTask>,
  known: ReadonlySet<string>,
  file: string,
): string[] {
  let count = 0;
  let first = '';
  for (const { videoId } of results.videos) {
    if (known.has(videoId)) continue;
    const other = videoId.startsWith('v_') ? videoId.slice(2) : `v_${videoId}`;
    if (!known.has(other)) continue;
    if (count === 0) first = `"${videoId}" vs "${other}"`;
    count++;
  }
  if (count === 0) return [];
  return [
    `${file}: ${count} result ids match a project video only with a "v_" prefix added or removed (first: ${first}); ids are matched exactly, so they were added as new videos`,
  ];
}
