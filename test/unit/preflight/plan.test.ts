/**
 * The preflight of `npm test` decides from facts, so each case is checked here without apt:
 * all present, missing as root on Debian/Ubuntu, missing as non-root, not Debian, and a
 * tool's environment variable naming nothing. Also where the tools are looked for.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  installCommand,
  osFamily,
  preflightPlan,
  type MachineFacts,
} from '../../preflight/plan.ts';
import { findTool, inCi, TEST_TOOLS, testTool } from '../../preflight/tools.ts';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n';
const UBUNTU = 'NAME="Ubuntu"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="24.04"\n';
const FEDORA = 'NAME="Fedora Linux"\nID=fedora\nVERSION_ID=41\n';
const ARCH = 'NAME="Arch Linux"\nID=arch\n';

const chromium = testTool('chromium');
const redis = testTool('redis-server');

function facts(over: Partial<MachineFacts>): MachineFacts {
  return {
    missing: [],
    misnamed: [],
    platform: 'linux',
    osRelease: DEBIAN,
    isRoot: true,
    hasAptGet: true,
    ...over,
  };
}

describe('preflightPlan', () => {
  it('goes on when everything is present, whatever the system', () => {
    expect(preflightPlan(facts({}))).toEqual({ kind: 'ready' });
    expect(preflightPlan(facts({ platform: 'darwin', osRelease: null, isRoot: false }))).toEqual({
      kind: 'ready',
    });
  });

  it('installs only the missing packages with apt-get as root on Debian and Ubuntu', () => {
    for (const osRelease of [DEBIAN, UBUNTU]) {
      const plan = preflightPlan(facts({ osRelease, missing: [chromium, redis] }));
      expect(plan).toEqual({
        kind: 'install',
        steps: [
          ['apt-get', 'update', '-q'],
          ['apt-get', 'install', '-y', '-q', 'chromium', 'redis-server'],
        ],
        env: { DEBIAN_FRONTEND: 'noninteractive' },
        packages: ['chromium', 'redis-server'],
      });
    }
    const all = preflightPlan(facts({ missing: TEST_TOOLS }));
    expect(all.kind === 'install' && all.packages).toEqual([
      'chromium',
      'chromium-driver',
      'redis-server',
    ]);
  });

  it('stops as non-root on Debian with the sudo command that installs what is missing', () => {
    const plan = preflightPlan(facts({ isRoot: false, missing: [redis] }));
    expect(plan).toMatchObject({
      kind: 'stop',
      command: 'sudo apt-get update && sudo apt-get install -y redis-server',
    });
    expect(plan.kind === 'stop' && plan.message).toMatch(
      /needs redis-server \(the distributed-queue tests\)\. Install with:\n {2}sudo apt-get/,
    );
    // Root but no apt-get (a stripped image): nothing to run, so it says what to run.
    expect(preflightPlan(facts({ hasAptGet: false, missing: [redis] }))).toMatchObject({
      kind: 'stop',
      command: 'apt-get update && apt-get install -y redis-server',
    });
  });

  it('stops elsewhere with that system’s command, or says what to install', () => {
    expect(preflightPlan(facts({ osRelease: FEDORA, missing: TEST_TOOLS }))).toMatchObject({
      kind: 'stop',
      command: 'dnf install -y chromium chromedriver redis',
    });
    expect(
      preflightPlan(facts({ osRelease: FEDORA, isRoot: false, missing: [chromium] })),
    ).toMatchObject({ kind: 'stop', command: 'sudo dnf install -y chromium' });
    expect(
      preflightPlan(facts({ platform: 'darwin', osRelease: null, missing: TEST_TOOLS })),
    ).toMatchObject({
      kind: 'stop',
      command: 'brew install redis && brew install --cask chromium chromedriver',
    });
    for (const other of [
      facts({ osRelease: ARCH, missing: [chromium] }),
      facts({ platform: 'win32', osRelease: null, missing: [chromium] }),
    ]) {
      const plan = preflightPlan(other);
      expect(plan).toMatchObject({ kind: 'stop', command: null });
      expect(plan.kind === 'stop' && plan.message).toMatch(/chromium .*CHROME_BIN/);
    }
  });

  it('stops when an environment variable names no executable, instead of installing', () => {
    const plan = preflightPlan(
      facts({ missing: [chromium], misnamed: [{ tool: chromium, path: '/opt/nope' }] }),
    );
    expect(plan).toMatchObject({ kind: 'stop', command: null });
    expect(plan.kind === 'stop' && plan.message).toMatch(
      /^CHROME_BIN=\/opt\/nope: not an executable/,
    );
  });
});

describe('osFamily and installCommand', () => {
  it('reads ID and ID_LIKE, quoted or not', () => {
    expect(osFamily('linux', 'ID="linuxmint"\nID_LIKE="ubuntu debian"\n')).toBe('debian');
    expect(osFamily('linux', 'ID=rocky\nID_LIKE="rhel centos fedora"\n')).toBe('fedora');
    expect(osFamily('linux', null)).toBe('other');
    expect(osFamily('darwin', null)).toBe('macos');
  });

  it('names only the missing packages', () => {
    expect(installCommand('macos', [redis], false)).toBe('brew install redis');
    expect(installCommand('macos', [chromium], false)).toBe('brew install --cask chromium');
  });
});

describe('findTool', () => {
  const exists = (files: string[]) => (f: string) => files.includes(f);
  it('takes the environment variable, else the usual place, else PATH', () => {
    const bin = path.join('/opt', 'tools', 'bin');
    const env = { PATH: ['/usr/local/bin', bin].join(path.delimiter) };
    expect(findTool(redis, env, exists(['/usr/bin/redis-server']))).toBe('/usr/bin/redis-server');
    expect(findTool(redis, env, exists([path.join(bin, 'redis-server')]))).toBe(
      path.join(bin, 'redis-server'),
    );
    expect(findTool(redis, env, exists([]))).toBeUndefined();
    const named = { ...env, ACTIONLINE_REDIS_SERVER: '/srv/redis' };
    expect(findTool(redis, named, exists(['/srv/redis', '/usr/bin/redis-server']))).toBe(
      '/srv/redis',
    );
    // A wrong name is not papered over by the usual place.
    expect(findTool(redis, named, exists(['/usr/bin/redis-server']))).toBeUndefined();
  });

  it('knows CI from CI=true or CI=1', () => {
    expect(inCi({ CI: 'true' })).toBe(true);
    expect(inCi({ CI: '1' })).toBe(true);
    expect(inCi({ CI: 'false' })).toBe(false);
    expect(inCi({})).toBe(false);
  });
});
