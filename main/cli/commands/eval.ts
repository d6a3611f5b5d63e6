import type { Command } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { readGroundTruthFile } from '../../activitynet/parseGroundTruth.ts';
import { readResultsFile } from '../../activitynet/parseResults.ts';
import type { GroundTruthFile, ResultsProduct } from '../../activitynet/types.ts';
import { evaluateClassification } from '../../eval/classification.ts';
import { evaluateDetection } from '../../eval/detection.ts';
import { DEFAULT_SUBSET, type EvalOptions } from '../../eval/evalSelection.ts';
import { evaluateProposals } from '../../eval/proposals.ts';
import { readExcludeList } from '../../eval/readExcludeList.ts';
import type { CliContext } from '../support/cliContext.ts';
import { classificationJson, detectionJson, proposalsJson } from '../support/evalJson.ts';
import { classificationTable, detectionTable, proposalsTable } from '../support/evalTable.ts';

/**
 * `actionline eval detection|classification|proposals`: scores an ActivityNet results file
 * against ground truth with the official toolkit's arithmetic. Warnings go to stderr, the
 * table (or one JSON object with --json) to stdout.
 */

const EVAL_RULES = `
Decisions where the official toolkit is silent, unstable or crashes:
  - equal scores are ranked in input order (file order of videos, then of entries);
  - results on videos outside the subset count as false positives (proposals: in the budget);
  - labels that the subset's ground truth lacks count toward no class (hit@k: they take a slot);
  - ids that differ only by a "v_" prefix do not match unless --match-v-prefix is given;
  - two zero-length segments have tIoU 0/0 = NaN: a detection match, never a proposal recall.
Each case is reported as a warning on stderr.`;

interface CommonOptions {
  gt: string;
  pred: string;
  subset: string;
  exclude?: string;
  matchVPrefix?: boolean;
  json?: boolean;
}

function withCommonOptions(command: Command): Command {
  return command
    .requiredOption('--gt <file>', 'ground truth (ActivityNet v1.3 database JSON)')
    .requiredOption('--pred <file>', 'results (ActivityNet results JSON)')
    .option('--subset <name>', 'ground-truth subset to evaluate', DEFAULT_SUBSET)
    .option(
      '--exclude <file>',
      'video ids to leave out, one per line (in place of the official blocked list)',
    )
    .option(
      '--match-v-prefix',
      'match results ids to ground-truth ids that differ only by a "v_" prefix',
    )
    .option('--json', 'print one JSON object instead of a table');
}

function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${option}: expected a positive integer, got "${value}"`,
    );
  }
  return n;
}

async function loadCommon(
  opts: CommonOptions,
): Promise<{ gt: GroundTruthFile; options: EvalOptions }> {
  const excludedVideoIds = opts.exclude === undefined ? [] : await readExcludeList(opts.exclude);
  const gt = await readGroundTruthFile(opts.gt);
  if (!gt.videos.some((v) => v.subset === opts.subset)) {
    const subsets = [...new Set(gt.videos.map((v) => `"${v.subset}"`))].join(', ') || 'none';
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `--subset ${opts.subset}: no video of ${opts.gt} is in that subset (subsets: ${subsets})`,
    );
  }
  return {
    gt,
    options: { subset: opts.subset, excludedVideoIds, matchVPrefix: opts.matchVPrefix === true },
  };
}

function report(
  warnings: string[],
  json: object,
  table: string,
  asJson: boolean | undefined,
): void {
  for (const warning of warnings) console.error(`warning: ${warning}`);
  console.log(asJson ? JSON.stringify(json) : table);
}

export function registerEval(program: Command, _ctx: CliContext): void {
  const evalCommand = program
    .command('eval')
    .description(
      'score ActivityNet results against ground truth, with the official toolkit arithmetic',
    )
    .addHelpText('after', EVAL_RULES);

  withCommonOptions(evalCommand.command('detection'))
    .description('temporal action detection: AP per class at tIoU 0.5:0.05:0.95, mAP, average mAP')
    .action(async (opts: CommonOptions) => {
      const { gt, options } = await loadCommon(opts);
      const results = await readResultsFile(opts.pred, 'detection');
      const result = evaluateDetection(gt, results, options);
      report(
        [
          ...gt.warnings,
          ...results.warnings,
          ...productWarning(results, opts.pred),
          ...result.warnings,
        ],
        detectionJson(result),
        detectionTable(result),
        opts.json,
      );
    });

  withCommonOptions(evalCommand.command('classification'))
    .description('untrimmed video classification: mAP, hit@k, average hit@k')
    .option('--top-k <k>', 'k of hit@k', '3')
    .action(async (opts: CommonOptions & { topK: string }) => {
      const topK = positiveInteger(opts.topK, '--top-k');
      const { gt, options } = await loadCommon(opts);
      const results = await readResultsFile(opts.pred, 'classification');
      const result = evaluateClassification(gt, results, { ...options, topK });
      report(
        [...gt.warnings, ...results.warnings, ...result.warnings],
        classificationJson(result),
        classificationTable(result),
        opts.json,
      );
    });

  withCommonOptions(evalCommand.command('proposals'))
    .description('temporal action proposals: average recall vs average number of proposals, AUC')
    .option('--max-avg-proposals <n>', 'largest average number of proposals per video', '100')
    .action(async (opts: CommonOptions & { maxAvgProposals: string }) => {
      const maxAvgProposals = positiveInteger(opts.maxAvgProposals, '--max-avg-proposals');
      const { gt, options } = await loadCommon(opts);
      const results = await readResultsFile(opts.pred, 'proposals');
      const result = evaluateProposals(gt, results, { ...options, maxAvgProposals });
      report(
        [
          ...gt.warnings,
          ...results.warnings,
          ...productWarning(results, opts.pred),
          ...result.warnings,
        ],
        proposalsJson(result),
        proposalsTable(result),
        opts.json,
      );
    });
}

/**
 * A file marked as the suggested labelling is scored as it is, with a word on what it holds:
 * one segment per action, where mAP and AR–AN are made for many ranked proposals.
 */
function productWarning(results: { product?: ResultsProduct }, file: string): string[] {
  if (results.product !== 'suggestions') return [];
  return [
    `${file} holds the suggested labelling (prelabel --task labelling): one segment per action, not the ranked detections these metrics are made for (prelabel --task detection; export --product detections), which usually score higher`,
  ];
}
