import type { Command } from 'commander';
import type { CliContext } from '../support/cliContext.ts';

/** Every CLI command registers itself through its module; one line per command below. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/**
 * Each command's module, by the name it is typed as, loaded only when needed: a command
 * line that names one loads that module alone (the others' imports — the server, the
 * queue, the converter — cost about 0.3 s of start-up on these machines); help and
 * unknown names load them all.
 */
export const COMMAND_MODULES: Record<string, () => Promise<RegisterCommand>> = {
  start: async () => (await import('./start.ts')).registerStart,
  prelabel: async () => (await import('./prelabel.ts')).registerPrelabel,
  check: async () => (await import('./check.ts')).registerCheck,
  eval: async () => (await import('./eval.ts')).registerEval,
  add: async () => (await import('./add.ts')).registerAdd,
  run: async () => (await import('./run.ts')).registerRun,
  train: async () => (await import('./train.ts')).registerTrain,
  heads: async () => (await import('./heads.ts')).registerHeads,
  import: async () => (await import('./importCommand.ts')).registerImport,
  export: async () => (await import('./exportCommand.ts')).registerExport,
  'gpu-install': async () => (await import('./gpuInstall.ts')).registerGpuInstall,
  doctor: async () => (await import('./doctor.ts')).registerDoctor,
  convert: async () => (await import('./convert.ts')).registerConvert,
  model: async () => (await import('./modelCheck.ts')).registerModelCheck,
  serve: async () => (await import('./serve.ts')).registerServe,
  'ml-backend': async () => (await import('./mlBackend.ts')).registerMlBackend,
  flow: async () => (await import('./flow.ts')).registerFlow,
  queue: async () => (await import('./queue.ts')).registerQueue,
  worker: async () => (await import('./worker.ts')).registerWorker,
};

/** The register functions a command line needs, in the order help lists them. */
export async function commandsFor(argv: readonly string[]): Promise<RegisterCommand[]> {
  const named = argv[0] !== undefined ? COMMAND_MODULES[argv[0]] : undefined;
  if (named) return [await named()];
  return Promise.all(Object.values(COMMAND_MODULES).map((load) => load()));
}
