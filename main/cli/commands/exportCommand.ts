import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import type { ResultsTask } from '../../activitynet/types.ts';
import {
  EXPORT_FORMATS,
  exportProjectFile,
  type ExportFormat,
  type ExportRequest,
} from '../../formats/export/exportProject.ts';
import { exportItemNoun } from '../../formats/export/exportFormatInfo.ts';
import { DEFAULT_MISSING_SUBSET } from '../../formats/export/exportTypes.ts';
import { dryRunExport, dryRunExportReport } from '../../formats/export/exportDryRun.ts';
import type { CliContext } from '../support/cliContext.ts';

/**
 * `actionline export <project> --format … --out <file>`: writes the project's ground truth,
 * results, THUMOS14 lines or CSV. Notes (which runs the predictions came from) and warnings go
 * to stderr, one summary line to stdout; the file is written atomically (see atomicWrite.ts).
 */

interface ExportCliOptions {
  format: ExportFormat;
  out: string;
  subset?: string;
  missingSubset: string;
  annotator?: string;
  includePredictions?: boolean;
  taxonomy?: string;
  run?: number;
  task?: ResultsTask;
  product?: 'detections' | 'suggestions';
  dryRun?: boolean;
}

const EXPORT_RULES = `
What each format holds:
  activitynet          ground truth: imported, accepted, edited and manual segments (never
                       rejected; predictions only with --include-predictions); every
                       annotator's, or one layer with --annotator; the taxonomy as imported
  activitynet-results  the model's predictions (--task detection|classification|proposals):
                       the ranked detections, or the suggested labelling (--product suggestions)
  thumos14             the model's predictions as "video t_start t_end class_id score" lines;
                       labels outside the 20 THUMOS14 classes are left out (counted in a warning)
  csv                  every segment row: video_id,start_sec,end_sec,label,score,provenance,annotator
  review-csv           review time per video and annotator: active seconds and actions in the
                       editor, the annotator's segments, review status, video duration
  label-studio         Label Studio tasks JSON, one task per video: data {video: file name,
                       fps: probed rate}, each annotator's layer as an annotation (completed_by
                       a stable number, listed on stderr), the suggestions as a prediction
                       (the ranked detections with --product detections; scores,
                       model_version = the run's model); segments as TimelineLabels
                       frames (1-based, end inclusive). The labelling config to paste is
                       written beside it as <out>.config.xml
  via                  a VIA 3 project (VGG Image Annotator's video annotator): one view per
                       video, each annotator's segment a temporal segment z: [start, end] in
                       seconds with attributes "action" (the label) and "annotator"
  fiftyone             FiftyOneTemporalDetectionDataset labels.json: classes, and per video
                       (uuid = video id) {label: class index, support: [first, last] frames,
                       1-based and inclusive, at the probed rate; attributes.annotator}
  thumos14-gt          THUMOS14 ground truth: --out is a folder of <Class>_val.txt (validation
                       videos, and those without a subset) and <Class>_test.txt (testing)
                       files, lines "video start end" in seconds; annotators' segments
  cvat                 CVAT for images 1.1 annotations.xml, one task per video (CVAT has no time
                       segment): each segment tags frames ceil(start*fps) … ceil(end*fps)-1
                       at the probed rate, <image name="frame_000123"><tag label>, for "Upload
                       annotations" on a video task of the same file. A task takes one file:
                       one video writes --out as a file, several make --out a folder of
                       <video>.xml; every annotator's layer of a video goes into its one task.
                       Bounded: more than 1,000,000 tags (~100 MB) is refused
  elan                 ELAN .eaf (EAF 3.0), one media file each: one video writes --out as
                       the file, several make --out a folder of <video>.eaf. One tier per
                       annotator (overlapping segments continue on "<name> (2)"), times in
                       ms, the active label set and every exported label as a controlled
                       vocabulary, the media descriptor the video's file or URL
The model's predictions are one run's with --run, or else each video's newest run's: stderr
says which run each video came from, and a results file lists the runs under its "actionline" key.
Output is deterministic (sorted ids, fixed field order) and numbers keep every float64 digit.`;

const ONLY_FOR: Record<string, readonly ExportFormat[]> = {
  annotator: [
    'activitynet',
    'csv',
    'review-csv',
    'label-studio',
    'via',
    'fiftyone',
    'thumos14-gt',
    'cvat',
    'elan',
  ],
  includePredictions: ['activitynet'],
  taxonomy: ['activitynet'],
  run: ['activitynet-results', 'thumos14', 'label-studio'],
  task: ['activitynet-results'],
  product: ['activitynet-results', 'label-studio'],
};

const FLAG_OF: Record<string, string> = {
  annotator: '--annotator',
  includePredictions: '--include-predictions',
  taxonomy: '--taxonomy',
  run: '--run',
  task: '--task',
  product: '--product',
};

function runId(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--run: expected a run id (a positive integer), got "${value}"`,
    );
  }
  return n;
}

export function registerExport(program: Command, _ctx: CliContext): void {
  program
    .command('export')
    .description(
      'write the project as ActivityNet ground truth or results, THUMOS14 lines or ground truth, CSV, Label Studio tasks, a VIA 3 project, FiftyOne labels or CVAT tags',
    )
    .argument('<project>', 'project file')
    .addOption(
      new Option('--format <format>', 'file format').choices(EXPORT_FORMATS).makeOptionMandatory(),
    )
    .requiredOption(
      '--out <file>',
      'file to write (replaced atomically); for thumos14-gt (and cvat or elan of several videos) a folder, its files replaced atomically',
    )
    .option('--subset <name>', 'only videos of this subset (training, validation, testing)')
    .option(
      '--missing-subset <name>',
      'subset written for (and matched by --subset against) videos that have none',
      DEFAULT_MISSING_SUBSET,
    )
    .option('--annotator <name>', "only this annotator's layer (default: every annotator)")
    .option('--include-predictions', 'activitynet: add the predictions nobody has decided on')
    .option('--taxonomy <label set>', 'activitynet: the ActivityNet label set to write')
    .option(
      '--run <id>',
      "only the predictions of this model run (default: each video's newest run)",
      runId,
    )
    .addOption(
      new Option(
        '--task <task>',
        'activitynet-results: which results file (default detection)',
      ).choices(['detection', 'classification', 'proposals']),
    )
    .addOption(
      new Option(
        '--product <product>',
        'activitynet-results: the ranked detections (default) or the suggested labelling; label-studio: the prediction holds the suggested labelling (default) or the ranked detections',
      ).choices(['detections', 'suggestions']),
    )
    .option(
      '--dry-run',
      'build the file and print what it would hold and what of the project it would leave out, without writing it',
    )
    .addHelpText('after', EXPORT_RULES)
    .action(async (projectFile: string, opts: ExportCliOptions) => {
      for (const [key, formats] of Object.entries(ONLY_FOR)) {
        if (
          (opts as unknown as Record<string, unknown>)[key] !== undefined &&
          !formats.includes(opts.format)
        ) {
          throw new ActionlineError(
            'BAD_ARGUMENT',
            `${FLAG_OF[key]} does not apply to --format ${opts.format} (only to ${formats.join(', ')})`,
          );
        }
      }
      const request: ExportRequest = {
        format: opts.format,
        subset: opts.subset,
        missingSubset: opts.missingSubset,
        annotator: opts.annotator,
        includePredictions: opts.includePredictions,
        labelSet: opts.taxonomy,
        runId: opts.run,
        task: opts.task,
        ...(opts.product === undefined
          ? {}
          : { product: opts.product === 'suggestions' ? 'suggested' : 'ranked' }),
      };
      if (opts.dryRun) {
        console.log(dryRunExportReport(dryRunExport(projectFile, opts.out, request), opts.out));
        return;
      }
      const result = await exportProjectFile(projectFile, opts.out, request);
      for (const note of result.notes ?? []) console.error(note);
      for (const warning of result.warnings) console.error(`warning: ${warning}`);
      const items = exportItemNoun(opts.format);
      const beside = (result.companions ?? []).map((c) => `${opts.out}${c.suffix}`);
      console.log(
        `wrote ${opts.out}: ${result.videoCount} videos, ${result.itemCount} ${items}` +
          (beside.length > 0 ? `; the labelling config to paste: ${beside.join(', ')}` : ''),
      );
    });
}
