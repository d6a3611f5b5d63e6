import type { Command } from 'commander';
import { preflightFile, type Preflight } from '../../video/preflight.ts';
import { collectVideoInputs } from '../../video/videoFiles.ts';
import { EXIT_FAILED } from '../support/exitCodes.ts';
import { addImageFpsOption, applyImageFps } from '../support/imageFpsOption.ts';
import type { CliContext } from '../support/cliContext.ts';

/**
 * `actionline check <videos|folders…>`: before a long batch, one line per file saying
 * whether it will run, give partial results or fail, and why; exit 1 when a file would fail.
 */
export function registerCheck(program: Command, ctx: CliContext): void {
  const command = program
    .command('check')
    .description('say, before a batch, which videos will fail or give partial results, and why')
    .argument('<inputs...>', 'video files and folders (searched recursively)')
    .option(
      '--decode',
      'decode every frame to find damaged ones (slower: about a tenth of real time)',
    )
    .option('--json', 'print one JSON array instead of lines');
  addImageFpsOption(command).action(
    async (inputs: string[], opts: { decode?: boolean; json?: boolean; imageFps?: number }) => {
      applyImageFps(opts);
      const files = await collectVideoInputs(inputs);
      const results: Preflight[] = [];
      for (const file of files) {
        const result = await preflightFile(file, { decode: Boolean(opts.decode) });
        results.push(result);
        if (!opts.json) process.stdout.write(`${checkLine(result)}\n`);
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
      else process.stdout.write(`${checkSummary(results)}\n`);
      if (results.some((r) => r.verdict === 'fails')) ctx.exitCode = EXIT_FAILED;
    },
  );
}

/** `ready    clip.mp4: h264 1920×1080, 30 fps, 2:00; proxy for the player: avi container` */
export function checkLine(r: Preflight): string {
  const verdict = r.verdict.padEnd(8);
  if (r.verdict === 'fails') return `${verdict}${r.problem}`;
  const facts = [r.summary, ...r.notes.map((n) => n.text), r.player].filter(Boolean);
  return `${verdict}${r.path}: ${facts.join('; ')}`;
}

export function checkSummary(results: readonly Preflight[]): string {
  const count = (v: Preflight['verdict']) => results.filter((r) => r.verdict === v).length;
  const files = `${results.length} file${results.length === 1 ? '' : 's'}`;
  return `${files}: ${count('ready')} ready, ${count('partial')} partial, ${count('fails')} will fail`;
}
