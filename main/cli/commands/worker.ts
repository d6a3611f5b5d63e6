import path from 'node:path';
import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { DEVICES, type Device } from '../../inference/executionProviders.ts';
import { redactUrl } from '../../queue/connection.ts';
import { WORKER_DEFAULTS } from '../../queue/jobs.ts';
import type { WorkerEvent } from '../../queue/queueWorker.ts';
import { EXIT_OK } from '../support/exitCodes.ts';
import type { CliContext } from '../support/cliContext.ts';
import { addQueueOptions } from './queue.ts';

interface WorkerCliOptions {
  redis: string;
  queue: string;
  concurrency: number;
  device: Device;
  threads: number;
  batch: number;
  resultsDir?: string;
  grace: number;
  lockMs: number;
  stalledMs: number;
  maxStalled: number;
  name?: string;
}

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0)
    throw new ActionlineError('BAD_ARGUMENT', `${name} must be a whole number > 0, got "${v}"`);
  return n;
};

/**
 * `actionline worker`: does queued pre-labelling jobs until SIGTERM/SIGINT. One per machine
 * (--concurrency for several videos at once, e.g. one per GPU stream). On the first signal it
 * takes no new job and lets the active ones finish for up to --grace seconds, then hands
 * them back to the queue; a second signal hands them back at once.
 */
export function registerWorker(program: Command, ctx: CliContext): void {
  addQueueOptions(
    program
      .command('worker')
      .description('do queued pre-labelling jobs (see `actionline queue`) until stopped'),
  )
    .option('--concurrency <n>', 'videos processed at once', positiveInt('--concurrency'), 1)
    .addOption(
      new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('auto'),
    )
    .option(
      '--threads <n>',
      'inference threads per video (0: onnxruntime decides)',
      (v) => Number(v),
      0,
    )
    .option(
      '--batch <snippets>',
      'snippets per model call',
      positiveInt('--batch'),
      WORKER_DEFAULTS.batchSnippets,
    )
    .option('--results-dir <folder>', "where this machine sees the queue's results folder")
    .option(
      '--grace <sec>',
      'on SIGTERM, let active videos finish this long before handing them back',
      Number,
      60,
    )
    .option('--name <name>', 'worker name shown in queue status (default: host:pid)')
    .addOption(
      new Option('--lock-ms <ms>', 'job lock duration (renewed every half of it)')
        .argParser(positiveInt('--lock-ms'))
        .default(WORKER_DEFAULTS.lockDurationMs)
        .hideHelp(),
    )
    .addOption(
      new Option('--stalled-ms <ms>', 'interval of the check for jobs of dead workers')
        .argParser(positiveInt('--stalled-ms'))
        .default(WORKER_DEFAULTS.stalledIntervalMs)
        .hideHelp(),
    )
    .addOption(
      new Option('--max-stalled <n>', 'a job whose worker died this many times fails')
        .argParser(positiveInt('--max-stalled'))
        .default(WORKER_DEFAULTS.maxStalledCount)
        .hideHelp(),
    )
    .action(async (opts: WorkerCliOptions) => {
      ctx.exitCode = await runWorker(opts);
    });
}

export async function runWorker(opts: WorkerCliOptions): Promise<number> {
  const log = (line: string) => console.error(`${new Date().toISOString()} ${line}`);
  const { startQueueWorker } = await import('../../queue/queueWorker.ts');
  const worker = await startQueueWorker({
    redisUrl: opts.redis,
    queueName: opts.queue,
    concurrency: opts.concurrency,
    device: opts.device,
    threads: opts.threads,
    batchSnippets: opts.batch,
    resultsDir: opts.resultsDir === undefined ? null : path.resolve(opts.resultsDir),
    lockDurationMs: opts.lockMs,
    stalledIntervalMs: opts.stalledMs,
    maxStalledCount: opts.maxStalled,
    ...(opts.name ? { name: opts.name } : {}),
    onEvent: (e) => log(describe(e)),
  });
  log(
    `worker ${worker.name}: queue "${opts.queue}" on ${redactUrl(opts.redis)}, concurrency ${opts.concurrency}, device ${opts.device}`,
  );

  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log(`${signal} again: handing the active videos back to the queue now`);
        worker.returnActive();
        return;
      }
      stopping = true;
      log(
        `${signal}: taking no new videos; active ones may finish for ${opts.grace} s, then go back to the queue`,
      );
      worker
        .close(opts.grace * 1000)
        .then(({ finished, returned }) =>
          log(
            `stopped after ${finished} videos` +
              (returned > 0 ? `; ${returned} handed back to the queue` : ''),
          ),
        )
        .catch((err: unknown) => log(`error while stopping: ${(err as Error).message}`))
        .finally(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          resolve();
        });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return EXIT_OK;
}

function describe(e: WorkerEvent): string {
  switch (e.type) {
    case 'ready':
      return `connected as ${e.name}`;
    case 'start':
      return `start ${e.jobId} ${e.videoId} (attempt ${e.attempt})`;
    case 'model':
      return `model on ${e.provider}` + e.fallbackNotes.map((n) => `; note: ${n}`).join('');
    case 'done':
      return `done ${e.jobId} ${e.videoId}: ${e.segments} segments in ${(e.elapsedMs / 1000).toFixed(1)} s`;
    case 'failed':
      return `failed ${e.jobId} ${e.videoId}: ${e.message}${e.willRetry ? ' (will retry)' : ''}`;
    case 'returned':
      return `returned ${e.jobId} ${e.videoId} to the queue`;
    case 'error':
      return `redis: ${e.message}`;
  }
}
