import { rmSync } from 'node:fs';
import path from 'node:path';
import { Project } from '../../main/project/project.ts';
import { DEFAULT_SETTINGS, writeSettingsFile } from '../../main/base/settings.ts';
import { motionTestVideo } from '../fixtures/videos.ts';
import { e2eDir, startProject } from './helpers/e2eEnv.ts';

/**
 * What the browser and the Electron runs share: the specs, mocha, and the launcher's
 * preparation (an empty start project and the generated test video, in a temporary folder
 * that the workers learn through the environment).
 */
export const sharedConfig = {
  runner: 'local',
  specs: [path.join(import.meta.dirname, 'specs', '*.e2e.ts')],
  maxInstances: 1,
  logLevel: 'warn',
  framework: 'mocha',
  reporters: ['spec'],
  // The steps of a spec build on each other: stop at the first failure.
  mochaOpts: { ui: 'bdd', timeout: 120_000, bail: true },
  waitforTimeout: 15_000,
  connectionRetryCount: 1,
} as const satisfies Partial<WebdriverIO.Config>;

/**
 * Launcher side: the start project, the test video, and settings of the run's own (not the
 * user's; the keyboard-review oracle has no reaction time to compensate); returns the folder.
 */
export async function prepareFixtures(): Promise<string> {
  const dir = e2eDir();
  const configDir = path.join(dir, 'config');
  process.env.ACTIONLINE_CONFIG_DIR = configDir;
  writeSettingsFile(path.join(configDir, 'settings.json'), { ...DEFAULT_SETTINGS, reactionSec: 0 });
  Project.open(startProject(), { create: true }).close();
  process.env.ACTIONLINE_E2E_VIDEO = (await motionTestVideo()).path;
  return dir;
}

/** Removes the run's folder after a passing run; keeps it (and says where) after a failure. */
export function cleanUp(exitCode: number): void {
  const dir = e2eDir();
  if (exitCode === 0) rmSync(dir, { recursive: true, force: true });
  else console.error(`e2e: kept ${dir} for inspection`);
}
