import type { Handlers, ValidRequestOf } from '../../../shared/ipc/contract.ts';
import type { ImportReport } from '../../../shared/ipc/importViews.ts';
import { ActionlineError } from '../../base/errors.ts';
import { planImportFile, writeImport } from '../../formats/import/importFile.ts';
import {
  formatOfPlan,
  IMPORT_FORMAT_NAMES,
  IMPORT_FORMATS,
  type ImportFormatName,
  type ImportPlan,
} from '../../formats/import/importFormats.ts';
import { csvImportOptions } from '../../formats/csv/csvOptions.ts';
import { dryRunImport } from '../../formats/import/dryRunImport.ts';
import type { ImportOptions, ImportSummary } from '../../formats/import/types.ts';
import { readableImportPath } from '../importPath.ts';
import type { HandlerScope } from './handlerScope.ts';

/**
 * import:*: the import dialog. The formats are the registry's (a format added there is
 * listed without a change here); preview and run read only the path the user typed, plan it
 * with the CLI's planImportFile, and the run writes it all or nothing with writeImport.
 */
export const importHandlers = (s: HandlerScope) =>
  ({
    'import:formats': () =>
      IMPORT_FORMAT_NAMES.map((name) => ({ name, title: IMPORT_FORMATS[name].title })),
    'import:preview': async (request) => {
      const { plan, options } = await planned(s, request);
      // The import itself, rolled back: its counts, and what it would lose (the CLI's --dry-run).
      const dry = dryRunImport(s.session.project, plan, options);
      // The run id of a rolled-back import means nothing: the run will get its own.
      const summary = { ...dry.summary, runId: null, warnings: dry.warnings };
      return { ...report(plan, summary, request), losses: dry.losses };
    },
    'import:run': async (request) => {
      const { plan, options } = await planned(s, request);
      const summary = writeImport(s.session.project, plan, options);
      // Videos, segments and label sets changed: the project view reads them again.
      s.ctx.onChanged(null);
      return report(plan, summary, request);
    },
  }) satisfies Partial<Handlers>;

type ImportRequest = ValidRequestOf<'import:run'>;

async function planned(
  s: HandlerScope,
  request: ImportRequest,
): Promise<{ plan: ImportPlan; options: ImportOptions }> {
  // Asked first, so that without a project the answer says so rather than parsing a file.
  void s.session.project;
  const format = request.format === undefined ? undefined : knownFormat(request.format);
  const { file } = await readableImportPath(request.file);
  const options: ImportOptions = {
    ...(format !== undefined && { format }),
    ...(request.annotator !== undefined && { annotator: request.annotator }),
    ...(request.markReviewed && { markReviewed: true }),
  };
  const csv = csvImportOptions(request.csv ?? {});
  if (csv !== undefined) options.csv = csv;
  return { plan: await planImportFile(file, options), options };
}

function knownFormat(name: string): ImportFormatName {
  if ((IMPORT_FORMAT_NAMES as readonly string[]).includes(name)) return name as ImportFormatName;
  throw new ActionlineError(
    'BAD_ARGUMENT',
    `import format "${name}" is not one of ${IMPORT_FORMAT_NAMES.join(', ')}`,
  );
}

function report(plan: ImportPlan, summary: ImportSummary, request: ImportRequest): ImportReport {
  const warnings = [...summary.warnings];
  if (request.annotator !== undefined && !plan.groundTruth) {
    warnings.push(
      `${plan.file}: the annotator is not used for ${formatOfPlan(plan).contents(plan)}: predictions belong to no annotator until reviewed`,
    );
  }
  return {
    file: plan.file,
    format: plan.format,
    contents: formatOfPlan(plan).contents(plan),
    groundTruth: plan.groundTruth,
    videos: summary.videos,
    videosAdded: summary.videosAdded,
    segments: summary.segments,
    videoLabels: summary.videoLabels,
    suggestions: summary.suggestions ?? 0,
    labels: summary.labels,
    annotators: summary.annotators ?? (summary.annotator === null ? [] : [summary.annotator]),
    replaced: summary.replaced,
    runId: summary.runId,
    reviewed: summary.reviewed ?? null,
    losses: [],
    warnings,
  };
}
