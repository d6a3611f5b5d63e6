import { remote } from 'webdriverio';
import { systemChromium } from './e2eEnv.ts';

/**
 * Headless Chromium for the benchmarks' own sessions (the specs get theirs from wdio.conf.ts):
 * the system Chromium and chromedriver when present, so nothing is downloaded, and a fresh
 * profile in `profileDir`.
 */
export function launchChromium(profileDir: string) {
  const { chrome, chromedriver } = systemChromium();
  return remote({
    logLevel: 'error',
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': {
        ...(chrome ? { binary: chrome } : {}),
        args: [
          ...['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
          ...['--no-first-run', '--disable-background-networking', '--disable-sync'],
          `--user-data-dir=${profileDir}`,
          '--window-size=1400,900',
        ],
      },
      ...(chromedriver ? { 'wdio:chromedriverOptions': { binary: chromedriver } } : {}),
    },
  });
}
