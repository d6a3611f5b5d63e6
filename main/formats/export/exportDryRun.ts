import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';
import { Project } from '../../project/project.ts';
import { exportItemNoun } from './exportFormatInfo.ts';
import { exportText, type ExportFormat, type ExportRequest } from './exportProject.ts';
import type { ExportText } from './exportTypes.ts';
import { segmentWhere } from './segmentFilter.ts';

/** What `actionline export --dry-run` tells: the file it would write, and what it leaves out. */
export interface ExportDryRun {
  format: ExportFormat;
  result: ExportText;
  /** What of the project the file would not hold (counted where the project has it). */
  losses: string[];
}

/**
 * What a format never carries, whatever the project holds. Partial: a format without a line
 * here is reported with the counted losses only.
 */
const NOT_CARRIED: Partial<Record<ExportFormat, string>> = {
  activitynet:
    'which annotator made each segment (the layers go into one "database"), provenance and scores',
  'activitynet-results': "provenance; annotators' decisions on the predictions",
  thumos14: 'labels outside the 20 THUMOS14 classes (counted in a warning), provenance',
  csv: "videos' metadata (subset, duration, file, frame rate)",
  'review-csv': 'the segments themselves: only review time per video and annotator',
  'label-studio':
    "times finer than one frame: segments become whole frames at each video's rate; annotators become numbers (completed_by, listed on stderr)",
  via: 'scores and provenance',
  fiftyone:
    "times finer than one frame: segments become whole frames at each video's rate; scores and provenance",
  'thumos14-gt':
    'which annotator made each segment, scores and provenance; labels become file names',
};

/** The formats that write the model's predictions, not annotators' segments. */
const PREDICTION_FORMATS: readonly ExportFormat[] = ['activitynet-results', 'thumos14'];
/** The formats that write every row (nothing of the segments is left out). */
const EVERY_ROW: readonly ExportFormat[] = ['csv'];

/**
 * Builds the export as `actionline export` would (every check and error the same), writes
 * nothing, and counts what of the project's segments the file would not hold.
 */
export function dryRunExport(
  projectFile: string,
  outFile: string,
  request: ExportRequest,
): ExportDryRun {
  if (path.resolve(projectFile) === path.resolve(outFile)) {
    throw new ActionlineError('BAD_ARGUMENT', `--out ${outFile}: that is the project file itself`);
  }
  const project = Project.open(projectFile);
  try {
    const result = exportText(project.db, request);
    return { format: request.format, result, losses: exportLosses(project.db, request, result) };
  } finally {
    project.close();
  }
}

function exportLosses(db: DatabaseSync, request: ExportRequest, result: ExportText): string[] {
  const losses: string[] = [];
  const videos = { subset: request.subset, missingSubset: request.missingSubset };
  const count = (filter: Parameters<typeof segmentWhere>[0]): number => {
    const where = segmentWhere(filter);
    return (
      db.prepare(`SELECT count(*) AS n FROM segments s ${where.sql}`).get(...where.params) as {
        n: number;
      }
    ).n;
  };
  const format = request.format;
  if (!EVERY_ROW.includes(format) && format !== 'review-csv') {
    if (PREDICTION_FORMATS.includes(format)) {
      const annotators = count({
        ...videos,
        provenances: ['imported', 'accepted', 'edited', 'manual'],
        layer: 'all',
      });
      const shared = count({
        ...videos,
        provenances: ['imported', 'accepted', 'edited', 'manual'],
        layer: 'shared',
      });
      if (annotators - shared > 0) {
        losses.push(
          `${annotators - shared} annotators' segment(s) not written: ${format} holds the model's predictions`,
        );
      }
    } else if (
      format !== 'label-studio' &&
      !(format === 'activitynet' && request.includePredictions)
    ) {
      const predictions = count({ ...videos, provenances: ['predicted'], layer: 'shared' });
      if (predictions > 0) {
        losses.push(
          `${predictions} prediction(s) nobody has decided on not written: ${format} holds annotators' segments`,
        );
      }
    }
    const rejected = count({ ...videos, provenances: ['rejected'], layer: 'all' });
    if (rejected > 0) losses.push(`${rejected} rejected segment(s) not written`);
  }
  const never = NOT_CARRIED[format];
  if (never !== undefined) losses.push(`${format} does not carry ${never}`);
  losses.push(...result.warnings);
  return losses;
}

/** The report `--dry-run` prints: what would be written, what it leaves out, the notes. */
export function dryRunExportReport(dry: ExportDryRun, outFile: string): string {
  const { result } = dry;
  const files =
    result.files !== undefined
      ? ` (a folder of ${result.files.length} file(s))`
      : (result.companions ?? []).length > 0
        ? ` and ${(result.companions ?? []).map((c) => `${outFile}${c.suffix}`).join(', ')}`
        : '';
  const lines = [
    `dry run: nothing written`,
    `would write ${outFile}${files}: ${result.videoCount} videos, ${result.itemCount} ${exportItemNoun(dry.format)}`,
  ];
  if (dry.losses.length === 0) lines.push('would leave out: nothing');
  else lines.push('would leave out:', ...dry.losses.map((l) => `  - ${l}`));
  const notes = result.notes ?? [];
  if (notes.length > 0) lines.push('notes:', ...notes.map((n) => `  - ${n}`));
  return lines.join('\n');
}
