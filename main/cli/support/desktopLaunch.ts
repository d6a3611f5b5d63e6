import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { appRoot } from '../../base/paths.ts';

/**
 * Whether the desktop app can open here: the Electron binary installed and a display to
 * show it on. Returns the binary, or why not (one line for the user).
 */
export function electronAvailability(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): { binary: string } | { reason: string } {
  // Not require('electron'): that tries to download a missing binary, which machines that
  // reach only the npm registry cannot. path.txt names the binary once it is installed.
  const packageDir = path.join(appRoot, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const distDir = env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  const binary = existsSync(pathFile)
    ? path.join(distDir, readFileSync(pathFile, 'utf8').trim())
    : null;
  if (binary === null || !existsSync(binary)) {
    return { reason: 'the Electron binary is not installed' };
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY is not set)' };
  }
  return { binary };
}

/** Builds main, preload and renderer when the built app is missing or older than its sources. */
export function ensureBuilt(): void {
  const built = path.join(appRoot, 'out', 'renderer', 'index.html');
  if (
    existsSync(built) &&
    newestMtimeMs(['renderer', 'shared', 'main']) <= statSync(built).mtimeMs
  ) {
    return;
  }
  console.error('building the app (once, a few seconds) …');
  const result = spawnSync(
    process.execPath,
    [path.join(appRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
    {
      cwd: appRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  if (result.status !== 0) throw new Error('the app build failed (npm run build shows why)');
}

function newestMtimeMs(folders: string[]): number {
  let newest = 0;
  for (const folder of folders) {
    const dir = path.join(appRoot, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile())
        newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}
