import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTool, inCi, testTool } from '../../preflight/tools.ts';

/**
 * What the wdio launcher prepares and the spec workers read. The config module runs in the
 * launcher first and then again in each worker; the workers inherit the launcher's
 * environment, so values put in process.env by the launcher are the ones every worker sees.
 */
export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');

/** The run's temporary folder: made once by the launcher, inherited by the workers. */
export function e2eDir(): string {
  process.env.ACTIONLINE_E2E_DIR ??= mkdtempSync(path.join(os.tmpdir(), 'actionline-e2e-'));
  return process.env.ACTIONLINE_E2E_DIR;
}

/** The empty project the app starts on (the spec creates another through the UI). */
export const startProject = (): string => path.join(e2eDir(), 'start.actionline');

/** Screenshots go here: test-artifacts/<shell>/ (gitignored). */
export function artifactsDir(): string {
  return path.join(ROOT, 'test-artifacts', process.env.ACTIONLINE_E2E_SHELL ?? 'e2e');
}

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through test/e2e/wdio.conf.ts`);
  return value;
}

/**
 * Chromium and chromedriver from the system (where test/preflight/tools.ts looks), so nothing
 * is downloaded. Where there are none wdio manages a browser itself, except under CI=true:
 * there a missing Chromium fails the run at once rather than fetching or skipping anything.
 */
export function systemChromium(): { chrome?: string; chromedriver?: string } {
  const chrome = findTool(testTool('chromium'));
  const chromedriver = findTool(testTool('chromedriver'));
  if (inCi() && (!chrome || !chromedriver)) {
    const missing = [chrome ? null : 'chromium', chromedriver ? null : 'chromedriver'];
    throw new Error(
      `CI=true and no ${missing.filter(Boolean).join(' or ')} found (CHROME_BIN, CHROMEDRIVER_BIN, /usr/bin, PATH): the end-to-end tests cannot run; npm test's preflight installs them on Debian/Ubuntu as root`,
    );
  }
  return { ...(chrome ? { chrome } : {}), ...(chromedriver ? { chromedriver } : {}) };
}
