import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../main/project/project.ts';

/** `actionline ml-backend` through the real bin: what it refuses before it listens. */
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');

let dir: string;
let project: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-mlbackend-cli-'));
  project = path.join(dir, 'p.actionline');
  Project.open(project, { create: true }).close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(NODE, [BIN, 'ml-backend', project, '--port', '0', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 20_000,
  });

describe('actionline ml-backend', () => {
  it('refuses another address without credentials, and a password variable that is not set', () => {
    const open = run(['--host', '0.0.0.0']);
    expect(open.status).toBe(2);
    expect(open.stderr).toMatch(/--host 0\.0\.0\.0 .*give --user and --password-env/);
    const unset = run([
      '--host',
      '0.0.0.0',
      '--user',
      'ls',
      '--password-env',
      'ACTIONLINE_NO_SUCH_VAR',
    ]);
    expect(unset.status).toBe(2);
    expect(unset.stderr).toMatch(/ACTIONLINE_NO_SUCH_VAR: that environment variable is not set/);
  });
});
