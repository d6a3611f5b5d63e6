import path from 'node:path';
import type { Command } from 'commander';
import { ActionlineError } from '../../errors.ts';
import { planImportFile, writeImport } from '../../formats/import/importFile.ts';
import type { ImportSummary } from '../../formats/import/types.ts';
import { DEFAULT_GROUND_TRUTH_ANNOTATOR } from '../../formats/import/types.ts';
import { Project } from '../../project/project.ts';
import type { CliContext } from '../support/cliContext.ts';

/**
 * `actionline import <project> <json>`: ActivityNet ground truth becomes the named
 * annotator's imported segments, ActivityNet results become a model run to review (its
 * segments suggestions where the file is marked as the suggested labelling). The
 * file is validated before the project is opened, so a bad file neither changes a project
 * nor creates one. Errors are one line (main.ts prints them; exit 1, or 2 for bad
 * arguments); warnings go to stderr and the one-line summary to stdout.
 */
export function registerImport(program: Command, _ctx: CliContext): void {
  program
    .command('import')
    .description(
      "import ActivityNet v1.3 ground truth (as an annotator's segments) or results (as predictions to review: ranked detections, or suggestions where the file says it holds them, as `prelabel --task labelling` writes) into a project; creates the project when missing",
    )
    .argument('<project>', 'project file (.actionline)')
    .argument('<json>', 'ActivityNet ground-truth or results JSON file')
    .option(
      '--annotator <name>',
      `whose layer imported ground truth goes into (default "${DEFAULT_GROUND_TRUTH_ANNOTATOR}")`,
    )
    .action(async (projectFile: string, jsonFile: string, opts: { annotator?: string }) => {
      // Checked before anything is opened, so that a usage error creates no project.
      if (opts.annotator !== undefined && opts.annotator.trim() === '') {
        throw new ActionlineError('BAD_ARGUMENT', '--annotator: the name is empty');
      }
      const plan = await planImportFile(jsonFile);
      const warnings: string[] = [];
      if (opts.annotator !== undefined && plan.kind !== 'groundTruth') {
        warnings.push(
          `--annotator is not used for a results file: predictions belong to no annotator until reviewed`,
        );
      }
      const project = Project.open(projectFile, { create: true });
      let summary: ImportSummary;
      try {
        summary = writeImport(project, plan, { annotator: opts.annotator });
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

export function summaryLine(s: ImportSummary, projectFile: string): string {
  const into = `${path.basename(s.file)} into ${projectFile}`;
  const added = s.videosAdded > 0 ? ` (${s.videosAdded} new)` : '';
  const replaced = s.replaced > 0 ? `, replacing ${s.replaced} from an earlier import` : '';
  if (s.kind === 'groundTruth') {
    return (
      `imported ground truth ${into}: ${s.videos} videos${added}, ${s.segments} segments, ` +
      `${s.labels} labels as annotator "${s.annotator}"${replaced}`
    );
  }
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
