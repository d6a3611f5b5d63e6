import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { checkModel } from '../../inference/checkModel.ts';
import { ActionlineError } from '../../base/errors.ts';
import { DEVICES, type Device } from '../../inference/executionProviders.ts';
import { loadModel } from '../../inference/manifest.ts';
import type { CliContext } from '../support/cliContext.ts';

interface ModelCheckOptions {
  at?: number;
  out?: string;
  device: Device;
}

/**
 * `actionline model check <manifest> <video>`: one frame through the real preprocessing and
 * model; writes the model input as a PNG and prints the top-5 classes.
 */
export function registerModelCheck(program: Command, ctx: CliContext): void {
  const model = program.command('model').description('inspect models');
  model
    .command('check')
    .description(
      'run a model on one frame: write its preprocessed input as a PNG, print the top-5 classes',
    )
    .argument('<manifest>', 'model id or manifest path')
    .argument('<video>', 'video file')
    .option('--at <sec>', 'time of the frame (default: the middle of the video)', (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0)
        throw new ActionlineError('BAD_ARGUMENT', `--at must be a time ≥ 0 s, got "${v}"`);
      return n;
    })
    .option(
      '--out <file.png>',
      'where to write the input image (default: <video>.<model>.check.png here)',
    )
    .addOption(
      new Option('--device <device>', 'execution provider').choices([...DEVICES]).default('cpu'),
    )
    .action(async (manifest: string, video: string, opts: ModelCheckOptions) => {
      const loaded = await loadModel(manifest);
      const result = await checkModel(loaded, video, {
        ...(opts.at === undefined ? {} : { atSec: opts.at }),
        device: opts.device,
      });
      const out = path.resolve(
        opts.out ?? `${path.parse(video).name}.${loaded.manifest.id}.check.png`,
      );
      await writeFile(out, result.png);
      const m = loaded.manifest;
      console.log(
        `model ${m.id} on ${result.provider}; frame ${result.frameIndex} (${result.timeSec.toFixed(3)} s)`,
      );
      console.log(
        `input ${m.input.layout} ${m.input.widthPx}×${m.input.heightPx}, ${m.channelOrder}, ` +
          `${m.crops} crop(s); per channel min/mean/max: ` +
          result.channels
            .map((c) => `${c.name} ${c.min.toFixed(1)}/${c.mean.toFixed(1)}/${c.max.toFixed(1)}`)
            .join(', '),
      );
      console.log(`wrote ${out} (the input de-normalised: colours should look natural)`);
      const width = Math.max(...result.top.map((t) => t.label.length));
      for (const [i, t] of result.top.entries()) {
        console.log(
          `${i + 1}. ${t.label.padEnd(width)}  ${m.output.kind === 'logits' ? `logit ${t.score.toFixed(3)}  ` : ''}p ${t.probability.toFixed(4)}`,
        );
      }
      ctx.exitCode = 0;
    });
}
