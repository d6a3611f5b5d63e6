import type { Command } from 'commander';
import type { CliContext } from '../support/cliContext.ts';

/** `actionline heads list|show|compare|export|delete <project> …`: the project's trained heads. */
export function registerHeads(program: Command, ctx: CliContext): void {
  const heads = program
    .command('heads')
    .description("list, show, compare, export and delete a project's heads");
  const act =
    (name: 'list' | 'show' | 'compare' | 'delete' | 'export') =>
    async (...args: unknown[]) => {
      const { headsCommand } = await import('./headsCommand.ts');
      ctx.exitCode = await headsCommand(
        name,
        args.filter((a): a is string => typeof a === 'string'),
      );
    };
  heads
    .command('list')
    .description('one line per head: classes, backbone, held-out accuracy, videos trained on')
    .argument('<project>', 'project file (.actionline)')
    .action(act('list'));
  heads
    .command('show')
    .description("a head's held-out metrics per class and what it was trained on")
    .argument('<project>', 'project file (.actionline)')
    .argument('<name>', 'head name')
    .action(act('show'));
  heads
    .command('compare')
    .description("two heads' held-out precision and recall side by side")
    .argument('<project>', 'project file (.actionline)')
    .argument('<a>', 'head name')
    .argument('<b>', 'head name')
    .action(act('compare'));
  heads
    .command('export')
    .description("write a head's ONNX graph and manifest to a folder (to use it elsewhere)")
    .argument('<project>', 'project file (.actionline)')
    .argument('<name>', 'head name')
    .argument('<folder>', 'where to write manifest.json and head.onnx')
    .action(act('export'));
  heads
    .command('delete')
    .description('delete a head (the runs it made keep their suggestions)')
    .argument('<project>', 'project file (.actionline)')
    .argument('<name>', 'head name')
    .action(act('delete'));
}
