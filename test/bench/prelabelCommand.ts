import path from 'node:path';

/** The `actionline` bin the benches run, as a user runs it. */
export const CLI_BIN = path.resolve(import.meta.dirname, '../../main/cli/bin.mjs');

/**
 * Node's arguments for `actionline prelabel` of `input` with the model at `manifest`, results
 * to `out`, nothing resumed (every run scores everything); `extra` are further options.
 */
export function prelabelArgs(
  input: string,
  manifest: string,
  out: string,
  ...extra: string[]
): string[] {
  return [CLI_BIN, 'prelabel', input, '--model', manifest, '--out', out, '--no-resume', ...extra];
}

/** The value after `--name` in this process's arguments, if given. */
export function benchOption(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
