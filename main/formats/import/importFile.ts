import path from 'node:path';
import { ActionlineError } from '../../errors.ts';
import type { Project } from '../../project/project.ts';
import { inTransaction } from '../../project/transaction.ts';
import { parseGroundTruth } from '../activitynet/parseGroundTruth.ts';
import { parseResults } from '../activitynet/parseResults.ts';
import type { GroundTruthFile, ResultsFile, ResultsTask } from '../activitynet/types.ts';
import { detectKind } from './detectKind.ts';
import { checkGroundTruth, checkResults } from './importChecks.ts';
import { writeGroundTruth } from './importGroundTruth.ts';
import { recordImport } from './importLog.ts';
import { writeResults } from './importResults.ts';
import { readImportJson } from './readImportJson.ts';
import { DEFAULT_GROUND_TRUTH_ANNOTATOR, type ImportOptions, type ImportSummary } from './types.ts';

/** A validated file, ready to write: nothing about it can fail for reasons of content. */
export type ImportPlan =
  | { kind: 'groundTruth'; file: string; data: GroundTruthFile; warnings: string[] }
  | { kind: ResultsTask; file: string; data: ResultsFile<ResultsTask>; warnings: string[] };

/**
 * Imports an ActivityNet ground-truth or results file into the project. All or nothing:
 * the whole file is read and validated before the first write, and every write happens in
 * one transaction, so an error of any kind leaves the project as it was.
 */
export async function importFile(
  project: Project,
  file: string,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const plan = await planImportFile(file, options);
  return writeImport(project, plan, options);
}

/** Reads and validates without touching any project (the CLI does this before creating one). */
export async function planImportFile(
  file: string,
  options: ImportOptions = {},
): Promise<ImportPlan> {
  return guarded(file, async () => planImport(await readImportJson(file, options.maxBytes), file));
}

export function planImport(json: unknown, file: string): ImportPlan {
  const kind = detectKind(json, file);
  if (kind === 'groundTruth') {
    const data = parseGroundTruth(json, file);
    return { kind, file, data, warnings: [...data.warnings, ...checkGroundTruth(data, file)] };
  }
  const data = parseResults(json, file, kind);
  return { kind, file, data, warnings: [...data.warnings, ...checkResults(data, file)] };
}

export function writeImport(
  project: Project,
  plan: ImportPlan,
  options: ImportOptions = {},
): ImportSummary {
  if (options.markReviewed && plan.kind !== 'groundTruth') {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${plan.file} holds ${plan.kind} results, not ground truth: its videos cannot be marked reviewed (predictions are not a review)`,
      plan.file,
    );
  }
  return guardedSync(plan.file, () =>
    inTransaction(project.db, () => {
      const summary =
        plan.kind === 'groundTruth'
          ? writeGroundTruth(
              project.db,
              plan.data,
              options.annotator ?? DEFAULT_GROUND_TRUTH_ANNOTATOR,
              plan.file,
              { markReviewed: options.markReviewed },
            )
          : writeResults(project.db, plan.data as ResultsFile<ResultsTask>, plan.file);
      recordImport(project.db, {
        file: path.resolve(plan.file),
        kind: summary.kind,
        importedAt: new Date().toISOString(),
        annotator: summary.annotator,
        runId: summary.runId,
        labelSetId: summary.labelSetId,
        videos: summary.videos,
        segments: summary.segments,
        videoLabels: summary.videoLabels,
        ...(summary.reviewed && { markedReviewed: summary.reviewed.marked }),
      });
      return { ...summary, warnings: [...plan.warnings, ...summary.warnings] };
    }),
  );
}

/**
 * Anything thrown that is not already an ActionlineError (SQLite busy or full disk, a bug)
 * becomes one line naming the file; long messages (a megabyte-long key in a JSON path) are
 * shortened so the line stays readable.
 */
async function guarded<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toImportError(err, file);
  }
}

function guardedSync<T>(file: string, work: () => T): T {
  try {
    return work();
  } catch (err) {
    throw toImportError(err, file);
  }
}

const MAX_MESSAGE_CHARS = 1000;

function toImportError(err: unknown, file: string): ActionlineError {
  const error =
    err instanceof ActionlineError
      ? err
      : new ActionlineError(
          'INTERNAL',
          `${file}: import failed, the project is unchanged (${err instanceof Error ? err.message : String(err)})`,
          file,
        );
  const oneLine = error.message.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (oneLine === error.message && oneLine.length <= MAX_MESSAGE_CHARS) return error;
  const short =
    oneLine.length <= MAX_MESSAGE_CHARS
      ? oneLine
      : `${oneLine.slice(0, MAX_MESSAGE_CHARS - 200)} … ${oneLine.slice(-190)}`;
  return new ActionlineError(error.code, short, error.file);
}
