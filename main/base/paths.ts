import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentSettings, settingsDir } from './settings.ts';

/**
 * Where Actionline's binaries and data live, in a development tree and in a packaged app.
 *
 * Development: this file is `<root>/main/base/paths.ts`. Packaged: it is bundled into
 * `<resources>/app.asar/out/main/*.js`. Both are two levels below the app root.
 * Executables inside app.asar cannot be spawned; electron-builder unpacks them to
 * `app.asar.unpacked`, so every binary path is mapped there.
 * Environment overrides win: FFMPEG_PATH, FFPROBE_PATH, ACTIONLINE_MODELS_DIR; then the user's
 * settings (main/base/settings.ts: ffmpegPath, ffprobePath, modelsFolder); then what ships.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const appRoot = path.resolve(here, '..', '..');
const require = createRequire(import.meta.url);

export function unpackedPath(p: string): string {
  return p.replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
}

export function isPackaged(): boolean {
  return appRoot.includes(`app.asar`);
}

function fromPackage(specifier: string): string {
  const mod = require(specifier) as { path: string };
  return unpackedPath(mod.path);
}

/** A resolved location and where it came from (shown by `actionline doctor`). */
export interface ResolvedPath {
  path: string;
  source: 'env' | 'settings' | 'bundled';
}

export function resolveFfmpeg(): ResolvedPath {
  if (process.env.FFMPEG_PATH) return { path: process.env.FFMPEG_PATH, source: 'env' };
  const fromSettings = currentSettings().ffmpegPath;
  if (fromSettings) return { path: fromSettings, source: 'settings' };
  return { path: fromPackage('@ffmpeg-installer/ffmpeg'), source: 'bundled' };
}

export function resolveFfprobe(): ResolvedPath {
  if (process.env.FFPROBE_PATH) return { path: process.env.FFPROBE_PATH, source: 'env' };
  const fromSettings = currentSettings().ffprobePath;
  if (fromSettings) return { path: fromSettings, source: 'settings' };
  return { path: fromPackage('@ffprobe-installer/ffprobe'), source: 'bundled' };
}

export function ffmpegPath(): string {
  return resolveFfmpeg().path;
}

export function ffprobePath(): string {
  return resolveFfprobe().path;
}

/**
 * The models folder: ACTIONLINE_MODELS_DIR, else the settings' modelsFolder, else the built-in
 * manifests and label maps (`<root>/models` in development, `resources/models` packaged).
 */
export function resolveModelsDir(): ResolvedPath {
  if (process.env.ACTIONLINE_MODELS_DIR) {
    return { path: process.env.ACTIONLINE_MODELS_DIR, source: 'env' };
  }
  const fromSettings = currentSettings().modelsFolder;
  if (fromSettings) return { path: fromSettings, source: 'settings' };
  return { path: builtinModelsDir(), source: 'bundled' };
}

/** The models that ship with the app, whatever the settings say. */
export function builtinModelsDir(): string {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (isPackaged() && resources && existsSync(path.join(resources, 'models'))) {
    return path.join(resources, 'models');
  }
  return path.join(appRoot, 'models');
}

export function modelsDir(): string {
  return resolveModelsDir().path;
}

/**
 * Where models the user adds in the app are written: the configured models folder, else a
 * `models` folder beside the settings (the packaged app's own resources are read-only).
 */
export function userModelsDir(): string {
  const resolved = resolveModelsDir();
  return resolved.source === 'bundled' ? path.join(settingsDir(), 'models') : resolved.path;
}

/** Folders searched for `<id>/manifest.json`, first match wins: the user's, then the built-in. */
export function modelSearchDirs(): string[] {
  return [...new Set([modelsDir(), userModelsDir(), builtinModelsDir()])];
}

/** The folder holding onnxruntime-node's binding and shared libraries for this platform. */
export function onnxruntimeBinDir(): string {
  const pkgJson = require.resolve('onnxruntime-node/package.json');
  return unpackedPath(
    path.join(path.dirname(pkgJson), 'bin', 'napi-v6', process.platform, process.arch),
  );
}

/** The user's cache folder for Actionline (proxies, shot cuts, the demo video). */
export function userCacheDir(): string {
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? process.env.LOCALAPPDATA || os.tmpdir()
      : process.platform === 'darwin'
        ? path.join(os.homedir(), 'Library', 'Caches')
        : path.join(os.homedir(), '.cache'));
  return path.join(base, 'actionline');
}
