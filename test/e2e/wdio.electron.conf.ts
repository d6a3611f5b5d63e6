import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, e2eDir, startProject } from './helpers/e2eEnv.ts';
import { cleanUp, prepareFixtures, sharedConfig } from './wdio.shared.ts';

/**
 * The same specs against the Electron app (wdio-electron-service), started on the empty
 * start project. Run through test/e2e/electron.ts, which checks that a binary is installed.
 * The app's user data and cache go to the run's temporary folder, not the user's.
 * ELECTRON_CHROMEDRIVER_BIN names a chromedriver matching Electron's Chromium, where wdio
 * cannot download one.
 */
const home = path.join(e2eDir(), 'electron-home');
for (const dir of ['config', 'cache']) mkdirSync(path.join(home, dir), { recursive: true });
process.env.XDG_CONFIG_HOME = path.join(home, 'config');
process.env.XDG_CACHE_HOME = path.join(home, 'cache');
process.env.ACTIONLINE_E2E_SHELL = 'e2e-electron';
const chromedriver = process.env.ELECTRON_CHROMEDRIVER_BIN;

export const config: WebdriverIO.Config = {
  ...sharedConfig,
  services: [['electron', {}]],
  capabilities: [
    {
      browserName: 'electron',
      'wdio:electronServiceOptions': {
        appEntryPoint: path.join(ROOT, 'out', 'main', 'index.js'),
        appArgs: [startProject()],
      },
      ...(chromedriver ? { 'wdio:chromedriverOptions': { binary: chromedriver } } : {}),
    } as WebdriverIO.Capabilities,
  ],

  async onPrepare() {
    await prepareFixtures();
  },

  onComplete(exitCode) {
    cleanUp(exitCode);
  },
};
