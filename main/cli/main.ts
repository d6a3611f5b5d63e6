import { Command, CommanderError } from 'commander';
import { ActionlineError } from '../base/errors.ts';
import { EXIT_BAD_ARGUMENTS, EXIT_FAILED, EXIT_OK } from './support/exitCodes.ts';
import { commandsFor, type RegisterCommand } from './commands/index.ts';
import type { CliContext } from './support/cliContext.ts';

export function buildProgram(ctx: CliContext, commands: readonly RegisterCommand[]): Command {
  const program = new Command('actionline')
    .description(
      'Pre-label untrimmed video with action-recognition models; export ActivityNet JSON.',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program, ctx);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const ctx: CliContext = { exitCode: EXIT_OK };
  const program = buildProgram(ctx, await commandsFor(argv));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are exits with code 0; everything else is a usage error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_BAD_ARGUMENTS;
    }
    if (err instanceof ActionlineError) {
      console.error(`error: ${err.message}`);
      return err.code === 'BAD_ARGUMENT' ? EXIT_BAD_ARGUMENTS : EXIT_FAILED;
    }
    console.error(`error: ${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILED;
  }
}
