import path from 'node:path';
import { ActionlineError } from '../../base/errors.ts';
import type { Project } from '../../project/project.ts';
import { inTransaction } from '../../project/transaction.ts';
import {
  detectFormat,
  formatOfPlan,
  IMPORT_FORMATS,
  type ImportFormatName,
  type ImportPlan,
} from './importFormats.ts';
import { recordImport } from './importLog.ts';
import { pathFormat } from './pathFormat.ts';
import { MAX_IMPORT_BYTES, readImportJson } from './readImportJson.ts';
import type { ImportOptions, ImportSummary } from './types.ts';

export type { ImportPlan } from './importFormats.ts';

/**
 * An import's options and the format to read the file as (instead of the one detected from
 * its shape). The format is only read here, so the formats' own options (types.ts) need not
 * name the registry that names them.
 */
export interface FileImportOptions extends ImportOptions {
  format?: ImportFormatName;
}

/**
 * Imports a file of any format in importFormats.ts into the project. All or nothing:
 * the whole file is read and validated before the first write, and every write happens in
 * one transaction, so an error of any kind leaves the project as it was.
 */
export async function importFile(
  project: Project,
  file: string,
  options: FileImportOptions = {},
): Promise<ImportSummary> {
  const plan = await planImportFile(file, options);
  return writeImport(project, plan, options);
}

/** Reads and validates without touching any project (the CLI does this before creating one). */
export async function planImportFile(
  file: string,
  options: FileImportOptions = {},
): Promise<ImportPlan> {
  return guarded(file, async () => {
    const reader = await pathFormat(file, options.format);
    if (reader === null) {
      return planImport(
        await readImportJson(file, options.maxBytes),
        file,
        options.format,
        options,
      );
    }
    const input = await IMPORT_FORMATS[reader].readPath!(
      file,
      options.maxBytes ?? MAX_IMPORT_BYTES,
    );
    return planImport(input, file, reader, options);
  });
}

/** Validates a parsed file as `format`, or as the format detected from its shape. */
export function planImport(
  json: unknown,
  file: string,
  format?: ImportFormatName,
  options: ImportOptions = {},
): ImportPlan {
  return IMPORT_FORMATS[format ?? detectFormat(json)].plan(json, file, options);
}

/**
 * Stores a plan. `source` is what the import log names as where it came from (default the
 * file's absolute path; a webhook's import names the webhook).
 */
export function writeImport(
  project: Pick<Project, 'db'>,
  plan: ImportPlan,
  options: ImportOptions = {},
  source: string = path.resolve(plan.file),
): ImportSummary {
  const format = formatOfPlan(plan);
  if (options.markReviewed && !plan.groundTruth) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${plan.file} holds ${format.contents(plan)}, not ground truth: its videos cannot be marked reviewed (predictions are not a review)`,
      plan.file,
    );
  }
  return guardedSync(plan.file, () =>
    inTransaction(project.db, () => {
      const summary = format.write(project.db, plan, options);
      recordImport(project.db, {
        file: source,
        kind: summary.kind,
        importedAt: new Date().toISOString(),
        annotator: summary.annotator,
        ...(summary.annotators && { annotators: summary.annotators }),
        runId: summary.runId,
        labelSetId: summary.labelSetId,
        videos: summary.videos,
        segments: summary.segments,
        videoLabels: summary.videoLabels,
        ...(summary.reviewed && { markedReviewed: summary.reviewed.marked }),
        ...(summary.frameRates && { frameRates: summary.frameRates }),
        ...(summary.remapWhenProbed && { remapWhenProbed: true }),
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
