import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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

/** A system binary: the environment variable, else the first candidate that exists. */
export function systemBinary(envName: string, candidates: string[]): string | undefined {
  return process.env[envName] || candidates.find((c) => existsSync(c));
}
