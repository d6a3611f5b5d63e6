import type { Command } from 'commander';
import type { CliContext } from '../support/cliContext.ts';
import { registerGpuInstall } from './gpuInstall.ts';
import { registerDoctor } from './doctor.ts';
import { registerCheck } from './check.ts';
import { registerConvert } from './convert.ts';
import { registerEval } from './eval.ts';
import { registerExport } from './exportCommand.ts';
import { registerFlow } from './flow.ts';
import { registerImport } from './importCommand.ts';
import { registerModelCheck } from './modelCheck.ts';
import { registerPrelabel } from './prelabel.ts';
import { registerQueue } from './queue.ts';
import { registerServe } from './serve.ts';
import { registerStart } from './start.ts';
import { registerWorker } from './worker.ts';

/** Every CLI command registers itself here; one line per command module. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

export const commands: RegisterCommand[] = [
  registerStart,
  registerPrelabel,
  registerCheck,
  registerEval,
  registerImport,
  registerExport,
  registerGpuInstall,
  registerDoctor,
  registerConvert,
  registerModelCheck,
  registerServe,
  registerFlow,
  registerQueue,
  registerWorker,
];
