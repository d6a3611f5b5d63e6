import { type Command, Option } from 'commander';
import { DERIVATION_TASKS, type DerivationTask } from '../../analysis/derivation.ts';
import type { SamplingPlanSpec } from '../../analysis/samplingPlan.ts';
import { ActionlineError } from '../../base/errors.ts';

/**
 * The options that say how videos are sampled and labelled, shared by `prelabel` and
 * `queue add` so that both spell them, check them and turn them into settings alike.
 */
export interface SamplingCliOptions {
  task: DerivationTask;
  plan: 'interval' | 'tsn25';
  interval: number;
  window?: number;
  stride?: number;
  exactFrames?: boolean;
}

/** A commander parser for a number > 0 that names the option when the value is not one. */
export const positive = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new ActionlineError('BAD_ARGUMENT', `${name} must be a number > 0, got "${v}"`);
  return n;
};

export function addSamplingOptions(command: Command, taskHelp: string): Command {
  return command
    .addOption(
      new Option('--task <task>', taskHelp).choices([...DERIVATION_TASKS]).default('detection'),
    )
    .addOption(
      new Option('--plan <plan>', 'snippet sampling')
        .choices(['interval', 'tsn25'])
        .default('interval'),
    )
    .option(
      '--interval <sec>',
      'seconds between snippets (plan "interval")',
      positive('--interval'),
      1,
    )
    .option(
      '--window <sec>',
      'average snippet scores over sliding windows of this length',
      positive('--window'),
    )
    .option(
      '--stride <sec>',
      'step between sliding windows (default: the window)',
      positive('--stride'),
    )
    .option(
      '--exact-frames',
      'decode each snippet\'s own frame (plan "interval"; by default a snippet may use a frame up to 2 frames away that the decoder decodes anyway, which is faster)',
    );
}

/** The sampling plan and sliding windows the options ask for; `--stride` needs `--window`. */
export function samplingFromCli(opts: SamplingCliOptions): {
  plan: SamplingPlanSpec;
  window: { windowSec: number; strideSec: number } | null;
  exactFrames?: true;
} {
  if (opts.stride !== undefined && opts.window === undefined) {
    throw new ActionlineError('BAD_ARGUMENT', '--stride needs --window');
  }
  return {
    plan:
      opts.plan === 'tsn25' ? { kind: 'tsn25' } : { kind: 'interval', intervalSec: opts.interval },
    window:
      opts.window === undefined
        ? null
        : { windowSec: opts.window, strideSec: opts.stride ?? opts.window },
    ...(opts.exactFrames ? { exactFrames: true as const } : {}),
  };
}
