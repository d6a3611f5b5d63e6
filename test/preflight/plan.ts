/**
 * What the preflight of `npm test` does about missing test tools, decided from facts about
 * the machine (gathered by test/preflight.ts), so the decision is unit-tested without apt:
 *   - nothing missing: go on;
 *   - a tool's environment variable names no executable: stop and say so (installing the
 *     package would not change what the tests run);
 *   - Debian or Ubuntu, as root, with apt-get: install the missing packages (what .ci/run did);
 *   - anywhere else: stop at once, with the one command that installs them there.
 */
import type { TestTool } from './tools.ts';

export interface MachineFacts {
  missing: readonly TestTool[];
  /** Missing tools whose environment variable names a path that is not an executable. */
  misnamed: readonly { tool: TestTool; path: string }[];
  /** process.platform */
  platform: string;
  /** The text of /etc/os-release, or null where there is none. */
  osRelease: string | null;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type PreflightPlan =
  | { kind: 'ready' }
  | {
      kind: 'install';
      /** Run in order, each as [program, ...args], with `env` added to the environment. */
      steps: string[][];
      env: Record<string, string>;
      packages: string[];
    }
  | { kind: 'stop'; message: string; command: string | null };

type Family = 'debian' | 'fedora' | 'macos' | 'other';

/** The distribution family from os-release's ID and ID_LIKE (Ubuntu says ID_LIKE=debian). */
export function osFamily(platform: string, osRelease: string | null): Family {
  if (platform === 'darwin') return 'macos';
  if (platform !== 'linux' || osRelease === null) return 'other';
  const field = (key: string) =>
    new RegExp(`^${key}=["']?([^"'\\n]*)`, 'm').exec(osRelease)?.[1]?.toLowerCase() ?? '';
  const ids = `${field('ID')} ${field('ID_LIKE')}`.split(/\s+/).filter(Boolean);
  if (ids.some((id) => id === 'debian' || id === 'ubuntu')) return 'debian';
  if (ids.some((id) => id === 'fedora' || id === 'rhel' || id === 'centos')) return 'fedora';
  return 'other';
}

/** The one command line that installs `missing` on that family (null where we know none). */
export function installCommand(
  family: Family,
  missing: readonly TestTool[],
  sudo: boolean,
): string | null {
  const s = sudo ? 'sudo ' : '';
  switch (family) {
    case 'debian': {
      const pkgs = missing.map((t) => t.packages.apt).join(' ');
      return `${s}apt-get update && ${s}apt-get install -y ${pkgs}`;
    }
    case 'fedora':
      return `${s}dnf install -y ${missing.map((t) => t.packages.dnf).join(' ')}`;
    case 'macos': {
      const casks = missing.filter((t) => t.name !== 'redis-server').map((t) => t.packages.brew);
      const formulae = missing.filter((t) => t.name === 'redis-server').map((t) => t.packages.brew);
      return [
        ...(formulae.length > 0 ? [`brew install ${formulae.join(' ')}`] : []),
        ...(casks.length > 0 ? [`brew install --cask ${casks.join(' ')}`] : []),
      ].join(' && ');
    }
    case 'other':
      return null;
  }
}

export function preflightPlan(facts: MachineFacts): PreflightPlan {
  const { missing } = facts;
  if (missing.length === 0) return { kind: 'ready' };
  if (facts.misnamed.length > 0) {
    const wrong = facts.misnamed.map((m) => `${m.tool.envVar}=${m.path}`).join(', ');
    return {
      kind: 'stop',
      message: `${wrong}: not an executable file; fix or unset it and run npm test again.`,
      command: null,
    };
  }
  const family = osFamily(facts.platform, facts.osRelease);
  if (family === 'debian' && facts.isRoot && facts.hasAptGet) {
    const packages = missing.map((t) => t.packages.apt);
    return {
      kind: 'install',
      steps: [
        ['apt-get', 'update', '-q'],
        ['apt-get', 'install', '-y', '-q', ...packages],
      ],
      env: { DEBIAN_FRONTEND: 'noninteractive' },
      packages,
    };
  }
  const what = missing.map((t) => `${t.name} (${t.usedBy})`).join(', ');
  const command = installCommand(family, missing, family !== 'macos' && !facts.isRoot);
  const overrides = missing.map((t) => t.envVar).join(', ');
  const message = command
    ? `npm test needs ${what}. Install with:\n  ${command}\nthen run npm test again (or name the binaries in ${overrides}).`
    : `npm test needs ${what}, and this system has no install command known to the preflight: install them, or name the binaries in ${overrides}.`;
  return { kind: 'stop', message, command };
}
