import path from 'node:path';
import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { planImportFile, writeImport } from '../../formats/import/importFile.ts';
import {
  formatOfPlan,
  IMPORT_FORMAT_NAMES,
  IMPORT_FORMATS,
  type ImportFormatName,
} from '../../formats/import/importFormats.ts';
import type { ImportOptions, ImportSummary } from '../../formats/import/types.ts';
import { dryRunImportFile, type ImportDryRun } from '../../formats/import/dryRunImport.ts';
import { csvImportOptions } from '../../formats/csv/csvOptions.ts';
import { CSV_OPTION_HELP } from '../support/csvImportOptions.ts';
import { DEFAULT_GROUND_TRUTH_ANNOTATOR } from '../../formats/import/types.ts';
import { Project } from '../../project/project.ts';
import type { CliContext } from '../support/cliContext.ts';

/**
 * `actionline import <project> <file> [--format …]`: ActivityNet ground truth becomes the
 * named annotator's imported segments, ActivityNet results become a model run to review (its
 * segments suggestions where the file is marked as the suggested labelling), Label Studio
 * tasks give each user's annotations as their layer and the predictions as suggestions. The
 * format is detected from the file's shape (importFormats.ts) unless `--format` names it. The
 * file is validated before the project is opened, so a bad file neither changes a project
 * nor creates one. Errors are one line (main.ts prints them; exit 1, or 2 for bad
 * arguments); warnings go to stderr and the one-line summary to stdout.
 * `--mark-reviewed` marks ground truth's videos reviewed by the annotator in the import's
 * transaction; a file without annotations with it is refused before the project is opened.
 */
export function registerImport(program: Command, _ctx: CliContext): void {
  program
    .command('import')
    .description(
      "import ActivityNet v1.3 ground truth (as an annotator's segments) or results (as predictions to review: ranked detections, or suggestions where the file says it holds them, as `prelabel --task labelling` writes), or Label Studio tasks (each user's annotations as their layer, predictions as suggestions to review) into a project; creates the project when missing",
    )
    .argument('<project>', 'project file (.actionline)')
    .argument(
      '<json>',
      'ActivityNet ground-truth or results JSON file, Label Studio tasks JSON, a VIA 3 project, a FiftyOne labels.json, a CSV file with a header row (.csv), or a folder of THUMOS14 <Class>_val.txt / _test.txt files',
    )
    .addOption(
      new Option(
        '--format <format>',
        'read the file as this format (default: detected from its shape)',
      ).choices(IMPORT_FORMAT_NAMES),
    )
    .option(
      '--annotator <name>',
      `whose layer imported ground truth goes into (ActivityNet default "${DEFAULT_GROUND_TRUTH_ANNOTATOR}"; Label Studio default one layer per user, "ls-user-<completed_by id>" or the user's email where the export has it: NAME takes every user's annotations)`,
    )
    .addHelpText(
      'after',
      `\nFormats (--format):\n${IMPORT_FORMAT_NAMES.map((name) => `  ${name.padEnd(13)} ${IMPORT_FORMATS[name].title}`).join('\n')}`,
    )
    .option('--columns <mapping>', CSV_OPTION_HELP.columns)
    .addOption(new Option('--units <units>', CSV_OPTION_HELP.units).choices(['seconds', 'frames']))
    .option('--fps <rate>', CSV_OPTION_HELP.fps)
    .option(
      '--dry-run',
      "read the file and run the whole import in a transaction that is rolled back: print what it would import and what it would lose (labels outside the active label set, annotators merged, rows left out, segments past their video's end, an earlier import replaced); writes nothing, creates no project",
    )
    .option(
      '--mark-reviewed',
      "ground truth only: mark every video in the file reviewed by that annotator, in the same all-or-nothing import (videos already reviewed keep their reviewer); like the import itself, not an undoable edit: the app's Undo does not take it back. Refused for a results file: predictions are not a review",
    )
    .action(async (projectFile: string, jsonFile: string, opts: ImportFlags) => {
      // Checked before anything is opened, so that a usage error creates no project.
      if (opts.annotator !== undefined && opts.annotator.trim() === '') {
        throw new ActionlineError('BAD_ARGUMENT', '--annotator: the name is empty');
      }
      const csv = csvImportOptions(opts);
      const plan = await planImportFile(jsonFile, { format: opts.format, ...(csv && { csv }) });
      const contents = formatOfPlan(plan).contents(plan);
      if (csv && plan.format !== 'csv') {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `--columns, --units and --fps are for CSV files; ${jsonFile} was read as ${plan.format}`,
        );
      }
      if (opts.markReviewed && !plan.groundTruth) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `--mark-reviewed: ${jsonFile} holds ${contents}, not ground truth, and predictions are not a review (import it without --mark-reviewed)`,
        );
      }
      const warnings: string[] = [];
      if (opts.annotator !== undefined && !plan.groundTruth) {
        warnings.push(
          `--annotator is not used for a results file: predictions belong to no annotator until reviewed`,
        );
      }
      const options: ImportOptions = {
        annotator: opts.annotator,
        markReviewed: opts.markReviewed,
        ...(csv && { csv }),
      };
      if (opts.dryRun) {
        const dry = dryRunImportFile(projectFile, plan, options);
        console.log(dryRunReport(dry, warnings, projectFile));
        return;
      }
      const project = Project.open(projectFile, { create: true });
      let summary: ImportSummary;
      try {
        summary = writeImport(project, plan, options);
      } finally {
        project.close();
      }
      // summary.warnings holds the file's warnings (from validation) and the import's.
      for (const warning of [...warnings, ...summary.warnings]) {
        console.error(`warning: ${warning}`);
      }
      console.log(summaryLine(summary, projectFile));
    });
}

interface ImportFlags {
  format?: ImportFormatName;
  annotator?: string;
  markReviewed?: boolean;
  columns?: string;
  units?: 'seconds' | 'frames';
  fps?: string;
  dryRun?: boolean;
}

/** `--dry-run`: the summary as it would be, then what would be lost, then the other warnings. */
export function dryRunReport(
  dry: ImportDryRun,
  cliWarnings: string[],
  projectFile: string,
): string {
  const lines = [
    dry.newProject
      ? `dry run: nothing written (${projectFile} does not exist and was not created)`
      : `dry run: nothing written (${projectFile} is unchanged)`,
    summaryLine(dry.summary, projectFile).replace(/^imported /, 'would import '),
  ];
  if (dry.losses.length === 0) lines.push('would lose: nothing that the import can tell');
  else lines.push('would lose or change:', ...dry.losses.map((l) => `  - ${l}`));
  const warnings = [...cliWarnings, ...dry.warnings];
  if (warnings.length > 0) lines.push('warnings:', ...warnings.map((w) => `  - ${w}`));
  return lines.join('\n');
}

export function summaryLine(s: ImportSummary, projectFile: string): string {
  const into = `${path.basename(s.file)} into ${projectFile}`;
  const added = s.videosAdded > 0 ? ` (${s.videosAdded} new)` : '';
  const replaced = s.replaced > 0 ? `, replacing ${s.replaced} from an earlier import` : '';
  if (s.kind === 'groundTruth') {
    return (
      `imported ground truth ${into}: ${s.videos} videos${added}, ${s.segments} segments, ` +
      `${s.labels} labels as ${layersPart(s)}${replaced}${reviewedPart(s)}`
    );
  }
  if (s.kind === 'labelStudio') return labelStudioLine(s, into, added, replaced);
  const what =
    s.kind === 'classification'
      ? `${s.videoLabels} video labels`
      : s.product === 'suggestions'
        ? `${s.segments} suggestions`
        : `${s.segments} segments`;
  return (
    `imported ${s.kind} results ${into}: ${s.videos} videos${added}, ${what}, ${s.labels} labels ` +
    `as run ${s.runId}${replaced}`
  );
}

function labelStudioLine(s: ImportSummary, into: string, added: string, replaced: string): string {
  const names = s.annotators ?? [];
  const of =
    names.length === 0
      ? ''
      : ` of ${names.length === 1 ? 'annotator' : 'annotators'} ${names.map((n) => `"${n}"`).join(', ')}`;
  const suggestions =
    s.runId === null ? '' : `, ${s.suggestions ?? 0} suggestions as run ${s.runId}`;
  return (
    `imported Label Studio tasks ${into}: ${s.videos} videos${added}, ${s.segments} segments${of}` +
    `${suggestions}, ${s.labels} labels${replaced}${reviewedPart(s)}`
  );
}

/** One layer, or the several that a file naming annotators (VIA) filled. */
function layersPart(s: ImportSummary): string {
  if (s.annotator !== null || !s.annotators) return `annotator "${s.annotator}"`;
  return `annotators ${s.annotators.map((n) => `"${n}"`).join(', ')}`;
}

function reviewedPart(s: ImportSummary): string {
  if (!s.reviewed) return '';
  const already = s.reviewed.already > 0 ? ` (${s.reviewed.already} already reviewed)` : '';
  return `; ${s.reviewed.marked} videos marked reviewed${already}`;
}
