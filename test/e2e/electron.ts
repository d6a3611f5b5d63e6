import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { installedElectronBinary } from './electronBinary.ts';
import { ROOT } from './helpers/e2eEnv.ts';

/**
 * `npm run test:e2e:electron`: the end-to-end specs against the desktop app, through
 * wdio-electron-service, where an Electron binary is installed. Where it is not, one line
 * says so and the run counts as passed: nothing is downloaded here.
 */
const binary = installedElectronBinary();
if (!binary) {
  console.log(
    'test:e2e:electron skipped: the Electron binary is not installed (node_modules/electron/dist)',
  );
  process.exit(0);
}

const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: process.env }).status ?? 1;

const built = run('npm', ['run', 'build']);
if (built !== 0) process.exit(built);
const wdio = path.join(ROOT, 'node_modules', '@wdio', 'cli', 'bin', 'wdio.js');
process.exit(
  run(process.execPath, [wdio, 'run', path.join(import.meta.dirname, 'wdio.electron.conf.ts')]),
);
