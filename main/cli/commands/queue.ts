import path from 'node:path';
import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { writeResultsFile } from '../../formats/activitynetResults.ts';
import { loadModel, manifestPathOf } from '../../inference/manifest.ts';
import { collectVideoInputs } from '../../video/videoFiles.ts';
import { Project } from '../../project/project.ts';
import {
  batchResultsFile,
  chooseBatch,
  describeParams,
  mergeIntoProject,
  readBatches,
} from '../../queue/collect.ts';
import { DEFAULT_QUEUE_NAME, redactUrl } from '../../queue/connection.ts';
import {
  DEFAULT_INLINE_SCORES_MAX_BYTES,
  DEFAULT_RETRY,
  isUrl,
  prelabelParams,
} from '../../queue/jobs.ts';
import type { PrelabelQueue } from '../../queue/prelabelQueue.ts';
import { queueStatus, type QueueStatus } from '../../queue/status.ts';
import { EXIT_FAILED, EXIT_OK } from '../support/exitCodes.ts';
import type { CliContext } from '../support/cliContext.ts';
import { formatDuration } from '../support/progressBar.ts';
import {
  addSamplingOptions,
  positive,
  samplingFromCli,
  type SamplingCliOptions,
} from '../support/samplingOptions.ts';

/**
 * `actionline queue add|status|collect|retry`: pre-labelling spread over machines through a
 * BullMQ queue on Redis (docs/distributed.md). `actionline worker` does the jobs.
 */

export const REDIS_URL_ENV = 'ACTIONLINE_REDIS_URL';

/** --redis (or ACTIONLINE_REDIS_URL) and --queue, shared with `actionline worker`. */
export function addQueueOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--redis <url>',
        'Redis URL: redis://[user:password@]host:port[/db], rediss:// for TLS',
      )
        .env(REDIS_URL_ENV)
        .makeOptionMandatory(),
    )
    .option('--queue <name>', 'queue name', DEFAULT_QUEUE_NAME);
}

const nonNegativeInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0)
    throw new ActionlineError('BAD_ARGUMENT', `${name} must be a whole number ≥ 0, got "${v}"`);
  return n;
};

interface QueueOptions {
  redis: string;
  queue: string;
}

interface AddOptions extends QueueOptions, SamplingCliOptions {
  model: string;
  resultsDir?: string;
  attempts: number;
  backoff: number;
  inlineScores: number;
}

interface StatusOptions extends QueueOptions {
  json?: boolean;
  watch?: number;
}

interface CollectOptions extends QueueOptions {
  out?: string;
  project?: string;
  model?: string;
  batch?: string;
  resultsDir?: string;
}

export function registerQueue(program: Command, ctx: CliContext): void {
  const queue = program
    .command('queue')
    .description(
      'pre-label on many machines: add videos to a Redis queue, watch it, collect results',
    );

  addSamplingOptions(
    addQueueOptions(
      queue
        .command('add')
        .description('add one job per video (re-adding a video with the same settings is a no-op)')
        .argument('<videos...>', 'video files or folders as the workers see them, or http(s) URLs'),
    ).option(
      '--model <id|manifest>',
      'model id (installed on the workers) or manifest path',
      'motion',
    ),
    'what to derive',
  )
    .option(
      '--results-dir <folder>',
      'shared folder for snippet-score files too large to keep in Redis',
    )
    .option(
      '--attempts <n>',
      'tries per video before it is marked failed',
      positive('--attempts'),
      DEFAULT_RETRY.attempts,
    )
    .option(
      '--backoff <sec>',
      'wait before the first retry (doubling after each)',
      positive('--backoff'),
      DEFAULT_RETRY.backoffMs / 1000,
    )
    .option(
      '--inline-scores <bytes>',
      'snippet scores and features up to this size stay in the job result (larger ones go to --results-dir)',
      nonNegativeInt('--inline-scores'),
      DEFAULT_INLINE_SCORES_MAX_BYTES,
    )
    .action(async (videos: string[], opts: AddOptions) => {
      ctx.exitCode = await queueAdd(videos, opts);
    });

  addQueueOptions(
    queue.command('status').description('job counts, rate, ETA, active and failed videos'),
  )
    .option('--json', 'print the status as JSON')
    .option(
      '--watch <sec>',
      'print again every <sec> seconds until nothing is left',
      positive('--watch'),
    )
    .action(async (opts: StatusOptions) => {
      ctx.exitCode = await withQueue(opts, async (q) => {
        for (;;) {
          const status = await queueStatus(q);
          console.log(opts.json ? JSON.stringify(status) : formatStatus(status));
          const left = status.counts.waiting + status.counts.active + status.counts.delayed;
          if (!opts.watch || left === 0) return EXIT_OK;
          await new Promise((r) => setTimeout(r, opts.watch! * 1000));
        }
      });
    });

  addQueueOptions(
    queue
      .command('collect')
      .description('write finished videos as ActivityNet results and/or merge them into a project'),
  )
    .option('--out <results.json>', 'ActivityNet v1.3 results file to write')
    .option('--project <file>', 'merge the run (scores and predictions) into this project')
    .option('--model <id|manifest>', 'only jobs of this model (as given to queue add)')
    .option('--batch <key>', 'only this batch (model + parameters; see the error listing them)')
    .option('--results-dir <folder>', 'where this machine sees the results folder')
    .action(async (opts: CollectOptions) => {
      ctx.exitCode = await queueCollect(opts);
    });

  addQueueOptions(
    queue.command('retry').description('give failed videos another round of attempts'),
  ).action(async (opts: QueueOptions) => {
    ctx.exitCode = await withQueue(opts, async (q) => {
      const failed = await q.getJobCountByTypes('failed');
      await q.retryJobs({ state: 'failed' });
      console.error(`retrying ${failed} failed video${failed === 1 ? '' : 's'}`);
      return EXIT_OK;
    });
  });
}

async function withQueue(
  opts: QueueOptions,
  work: (q: PrelabelQueue) => Promise<number>,
): Promise<number> {
  // BullMQ loads only for queue commands, not on every start of the CLI.
  const { openQueue } = await import('../../queue/prelabelQueue.ts');
  const q = await openQueue(opts.redis, opts.queue);
  try {
    return await work(q);
  } finally {
    await q.close();
  }
}

export async function queueAdd(inputs: string[], opts: AddOptions): Promise<number> {
  const sampling = samplingFromCli(opts);
  const urls = inputs.filter(isUrl);
  const files = await collectVideoInputs(inputs.filter((i) => !isUrl(i)));
  const videos = [...files, ...urls];
  if (videos.length === 0)
    throw new ActionlineError('BAD_ARGUMENT', 'no video files found in the given folders');
  // A manifest path travels absolute (workers share the filesystem); an id travels as it is.
  const looksLikePath = /[\\/]|\.json$/.test(opts.model);
  const model = looksLikePath ? manifestPathOf(opts.model) : opts.model;
  try {
    await loadModel(model);
  } catch (err) {
    // The workers may have models this machine lacks; say so rather than refuse.
    console.error(`warning: ${(err as Error).message} (the workers must have this model)`);
  }
  const params = prelabelParams({ task: opts.task, ...sampling });
  return withQueue(opts, async (q) => {
    const { addVideos } = await import('../../queue/prelabelQueue.ts');
    const outcome = await addVideos(q, {
      videos,
      model,
      params,
      resultsDir: opts.resultsDir === undefined ? null : path.resolve(opts.resultsDir),
      inlineScoresMaxBytes: opts.inlineScores,
      retry: { attempts: Math.floor(opts.attempts), backoffMs: Math.round(opts.backoff * 1000) },
    });
    const byState = new Map<string, number>();
    for (const e of outcome.existing) byState.set(e.state, (byState.get(e.state) ?? 0) + 1);
    const already = [...byState].map(([s, n]) => `${n} ${s}`).join(', ');
    console.error(
      `queue "${opts.queue}" on ${redactUrl(opts.redis)}: added ${outcome.added.length} video` +
        `${outcome.added.length === 1 ? '' : 's'}` +
        (outcome.existing.length > 0
          ? `; ${outcome.existing.length} already queued (${already})`
          : '') +
        ` · model ${model}, ${describeParams(params)}`,
    );
    return EXIT_OK;
  });
}

export function formatStatus(s: QueueStatus): string {
  const c = s.counts;
  const lines = [
    `queue "${s.queue}": ${c.waiting} waiting, ${c.active} active, ${c.completed} completed, ` +
      `${c.failed} failed, ${c.delayed} delayed (retry pending) · ${s.workers} worker connection${s.workers === 1 ? '' : 's'}`,
    `rate ${s.ratePerMin === null ? '--' : `${s.ratePerMin.toFixed(1)} videos/min`} · ETA ${
      s.etaSec === null ? '--:--' : formatDuration(s.etaSec)
    }`,
  ];
  for (const a of s.active) {
    lines.push(
      `  active ${a.videoId}: ${(a.fraction * 100).toFixed(0)}% on ${a.worker || '?'} (attempt ${a.attempt})`,
    );
  }
  for (const f of s.failed)
    lines.push(`  failed ${f.videoId} after ${f.attempts} attempts: ${f.error}`);
  return lines.join('\n');
}

export async function queueCollect(opts: CollectOptions): Promise<number> {
  if (opts.out === undefined && opts.project === undefined) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      'queue collect needs --out <results.json> and/or --project <file>',
    );
  }
  return withQueue(opts, async (q) => {
    const batch = chooseBatch(
      await readBatches(q, opts.model === undefined ? {} : { model: opts.model }),
      opts.batch,
    );
    if (opts.out !== undefined) {
      const out = path.resolve(opts.out);
      await writeResultsFile(out, batchResultsFile(batch));
      console.error(
        `wrote ${out}: ${batch.done.length} videos (model ${batch.model}, ${describeParams(batch.params)})`,
      );
    }
    if (opts.project !== undefined && batch.done.length > 0) {
      const project = Project.open(path.resolve(opts.project), { create: true });
      try {
        const merged = await mergeIntoProject(project.db, batch, {
          queueName: opts.queue,
          resultsDir: opts.resultsDir === undefined ? null : path.resolve(opts.resultsDir),
        });
        console.error(
          `${merged.reusedRun ? 'updated' : 'stored'} run ${merged.runId} in ${opts.project}: ` +
            `${merged.videos} videos (${merged.videosAdded} new to the project), ${merged.segments} segments` +
            (merged.keptPredictions > 0
              ? `, ${merged.keptPredictions} reviewed predictions kept`
              : ''),
        );
      } finally {
        project.close();
      }
    }
    for (const f of batch.failed)
      console.error(`failed: ${f.error.includes(f.video) ? f.error : `${f.video}: ${f.error}`}`);
    if (batch.pending > 0)
      console.error(`${batch.pending} videos not finished yet; collect again later`);
    return batch.failed.length > 0 ? EXIT_FAILED : EXIT_OK;
  });
}
