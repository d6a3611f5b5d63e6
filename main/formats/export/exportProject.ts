import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';
import { Project } from '../../project/project.ts';
import type { ResultsTask } from '../../activitynet/types.ts';
import { writeTextAtomic } from '../../base/atomicWrite.ts';
import { csvExportText } from './csvExport.ts';
import { cvatText } from './cvatExport.ts';
import { elanText } from './elanExport.ts';
import type { ExportText } from './exportTypes.ts';
import { fiftyOneText } from './fiftyOneExport.ts';
import { groundTruthText } from './groundTruthExport.ts';
import { labelStudioText } from './labelStudioExport.ts';
import { resolveAnnotatorId } from './resolveAnnotator.ts';
import { resultsText } from './resultsExport.ts';
import { reviewCsvText } from './reviewCsvExport.ts';
import { thumos14GroundTruthText } from './thumos14GroundTruthExport.ts';
import { thumos14Text } from './thumos14Export.ts';
import { viaText } from './viaExport.ts';

/** The export formats, by the name the CLI takes. */
export const EXPORT_FORMATS = [
  'activitynet',
  'activitynet-results',
  'thumos14',
  'csv',
  'review-csv',
  'label-studio',
  'via',
  'fiftyone',
  'thumos14-gt',
  'cvat',
  'elan',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  format: ExportFormat;
  subset?: string;
  missingSubset?: string;
  /** activitynet, csv, review-csv, label-studio, via, fiftyone, thumos14-gt, cvat, elan: that annotator's layer (default every annotator). */
  annotator?: string;
  /** activitynet: add the undecided predictions. */
  includePredictions?: boolean;
  /** activitynet: the ActivityNet label set whose taxonomy is written. */
  labelSet?: string;
  /** activitynet-results, thumos14, label-studio: one model run's predictions. */
  runId?: number;
  /** activitynet-results: which results file. */
  task?: ResultsTask;
  /**
   * activitynet-results: the ranked detections (default) or the suggested labelling;
   * label-studio: the prediction's regions, the suggested labelling (default) or the ranked
   * detections.
   */
  product?: 'ranked' | 'suggested';
}

export function exportText(db: DatabaseSync, request: ExportRequest): ExportText {
  const annotatorId =
    request.annotator === undefined ? undefined : resolveAnnotatorId(db, request.annotator);
  if (request.runId !== undefined) checkRun(db, request.runId);
  const videos = { subset: request.subset, missingSubset: request.missingSubset };
  switch (request.format) {
    case 'activitynet':
      return groundTruthText(db, {
        ...videos,
        annotatorId,
        includePredictions: request.includePredictions,
        labelSet: request.labelSet,
      });
    case 'activitynet-results':
      return resultsText(db, {
        ...videos,
        runId: request.runId,
        task: request.task,
        product: request.product,
      });
    case 'thumos14':
      return thumos14Text(db, { ...videos, runId: request.runId });
    case 'csv':
      return csvExportText(db, { ...videos, annotatorId });
    case 'review-csv':
      return reviewCsvText(db, { ...videos, annotatorId });
    case 'label-studio':
      return labelStudioText(db, {
        ...videos,
        annotatorId,
        runId: request.runId,
        product: request.product,
      });
    case 'via':
      return viaText(db, { ...videos, annotatorId });
    case 'fiftyone':
      return fiftyOneText(db, { ...videos, annotatorId });
    case 'thumos14-gt':
      return thumos14GroundTruthText(db, { ...videos, annotatorId });
    case 'cvat':
      return cvatText(db, { ...videos, annotatorId });
    case 'elan':
      return elanText(db, { ...videos, annotatorId });
  }
}

/**
 * Opens the project, builds the file and writes it atomically (the old file, or the whole
 * new one, never half of it), then its companions beside it (Label Studio's labelling
 * config). Refuses to write over the project itself.
 */
export async function exportProjectFile(
  projectFile: string,
  outFile: string,
  request: ExportRequest,
): Promise<ExportText> {
  if (path.resolve(projectFile) === path.resolve(outFile)) {
    throw new ActionlineError('BAD_ARGUMENT', `--out ${outFile}: that is the project file itself`);
  }
  const project = Project.open(projectFile);
  let result: ExportText;
  try {
    result = exportText(project.db, request);
  } finally {
    project.close();
  }
  for (const file of companionFiles(result, outFile)) {
    if (path.resolve(file) === path.resolve(projectFile)) {
      throw new ActionlineError('BAD_ARGUMENT', `--out ${outFile}: ${file} is the project file`);
    }
  }
  await writeExport(result, outFile);
  return result;
}

/** The files a result writes beside `outFile` (Label Studio's labelling config). */
export function companionFiles(result: ExportText, outFile: string): string[] {
  return (result.companions ?? []).map((c) => outFile + c.suffix);
}

/**
 * Writes a built export: the file atomically, then its companions beside it; or, for a
 * folder format, the folder's files. The CLI's and the app's export both end here.
 */
export async function writeExport(result: ExportText, outFile: string): Promise<void> {
  if (result.files !== undefined) {
    await writeFolder(outFile, result.files);
    return;
  }
  await writeTextAtomic(outFile, result.text);
  for (const c of result.companions ?? []) await writeTextAtomic(outFile + c.suffix, c.text);
}

/** The folder (made where missing; refused where a file is there), then each file in it. */
async function writeFolder(dir: string, files: { name: string; text: string }[]): Promise<void> {
  const existing = await stat(dir).catch(() => null);
  if (existing !== null && !existing.isDirectory()) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--out ${dir}: is a file; this format writes a folder`,
    );
  }
  await mkdir(dir, { recursive: true });
  for (const { name, text } of files) await writeTextAtomic(path.join(dir, name), text);
}

function checkRun(db: DatabaseSync, runId: number): void {
  if (db.prepare('SELECT 1 FROM model_runs WHERE id = ?').get(runId)) return;
  const runs = db.prepare('SELECT id, model_id FROM model_runs ORDER BY id').all() as {
    id: number;
    model_id: string;
  }[];
  const list = runs.map((r) => `${r.id} (${r.model_id})`).join(', ') || 'none';
  throw new ActionlineError(
    'BAD_ARGUMENT',
    `--run ${runId}: no such run in this project (runs: ${list})`,
  );
}
