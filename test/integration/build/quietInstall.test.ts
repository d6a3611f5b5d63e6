import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm ci && npm start` is the README's first command, and what npm prints there a newcomer
 * reads. npm 11 warns about any key in the project's .npmrc that is not one of npm's own
 * settings (npm 12 refuses it), on every npm command: install, start, npx. The skip of
 * onnxruntime-node's CUDA download, once such a key, is `allowScripts` in package.json, which
 * npm honours from 11.16. The whole `npm ci` takes minutes, so this checks what decides its
 * output: npm's reading of .npmrc (about 1 s) and the install-script policy.
 */

const root = path.resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  engines: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { hasInstallScript?: boolean }>;
};

/** npm's own reading of this project's config: what it prints and the value of `key`. */
function npmConfigGet(key: string, extraArgs: string[] = []) {
  // Without a loglevel of the calling npm (`npm test`) in the way.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k.toLowerCase() !== 'npm_config_loglevel'),
  );
  const run = spawnSync('npm', ['config', 'get', key, ...extraArgs], {
    cwd: root,
    env,
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  return { status: run.status, stdout: run.stdout.trim(), stderr: run.stderr };
}

describe('the install a newcomer runs', () => {
  it(".npmrc holds only npm's own settings: npm reads it without a warning", () => {
    const run = npmConfigGet('registry', ['--loglevel=warn']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/project config|npm warn|npm error/);
  });

  it('npm prints errors only (the Node 20 EBADENGINE notes stay off)', () => {
    expect(npmConfigGet('loglevel').stdout).toBe('error');
  });

  it("skips onnxruntime-node's CUDA download by allowScripts, on an npm that honours it", () => {
    expect(pkg.allowScripts['onnxruntime-node']).toBe(false);
    expect(pkg.engines.npm).toBe('>=11.16.0');
  });

  it('every dependency with an install script is approved or denied, on every platform', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([at]) => at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    expect([...new Set(withScripts)].filter((name) => !(name in pkg.allowScripts))).toEqual([]);
  });
});
