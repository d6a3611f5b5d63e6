import path from 'node:path';
import { e2eDir, startProject, systemChromium } from './helpers/e2eEnv.ts';
import { serve, type Served } from './helpers/serve.ts';
import { cleanUp, prepareFixtures, sharedConfig } from './wdio.shared.ts';

/**
 * End-to-end specs against the web shell: the launcher starts `actionline serve` on an empty
 * project (any free port), the specs drive the built renderer in headless Chromium.
 * System Chromium and chromedriver are used when present (CHROME_BIN / CHROMEDRIVER_BIN, else
 * /usr/bin/chromium and /usr/bin/chromedriver, else PATH), so nothing is downloaded; under
 * CI=true their absence fails the run.
 */
const { chrome, chromedriver } = systemChromium();
let served: Served | undefined;

export const config: WebdriverIO.Config = {
  ...sharedConfig,
  // Headless Chromium needs no X server (wdio would otherwise wrap the worker in xvfb-run).
  autoXvfb: false,
  capabilities: [
    {
      browserName: 'chrome',
      'goog:chromeOptions': {
        ...(chrome ? { binary: chrome } : {}),
        args: [
          '--headless=new',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
          '--disable-quic',
          `--user-data-dir=${path.join(e2eDir(), 'chrome-profile')}`,
          '--window-size=1400,900',
        ],
      },
      ...(chromedriver ? { 'wdio:chromedriverOptions': { binary: chromedriver } } : {}),
    },
  ],

  async onPrepare() {
    process.env.ACTIONLINE_E2E_SHELL = 'e2e';
    const dir = await prepareFixtures();
    served = await serve(startProject(), path.join(dir, 'cache'));
    process.env.ACTIONLINE_E2E_URL = served.url.href;
  },

  async onComplete(exitCode) {
    if (exitCode !== 0 && served) console.error(`actionline serve stderr:\n${served.stderr()}`);
    await served?.stop();
    cleanUp(exitCode);
  },
};
