import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where Actionline's binaries and data live, in a development tree and in a packaged app.
 *
 * Development: this file is `<root>/main/paths.ts`. Packaged: it is bundled into
 * `<resources>/app.asar/out/main/*.js`, so the same two levels up reach the app root.
 * Executables inside app.asar cannot be spawned; electron-builder unpacks them to
 * `app.asar.unpacked`, so every binary path is mapped there.
 * Environment overrides win: FFMPEG_PATH, FFPROBE_PATH, ACTIONLINE_MODELS_DIR.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
export const appRoot = path.resolve(here, '..', here.endsWith(`out${path.sep}main`) ? '..' : '');
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

export function ffmpegPath(): string {
  return process.env.FFMPEG_PATH || fromPackage('@ffmpeg-installer/ffmpeg');
}

export function ffprobePath(): string {
  return process.env.FFPROBE_PATH || fromPackage('@ffprobe-installer/ffprobe');
}

/** Built-in manifests and label maps: `<root>/models` in development, `resources/models` packaged. */
export function modelsDir(): string {
  if (process.env.ACTIONLINE_MODELS_DIR) return process.env.ACTIONLINE_MODELS_DIR;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (isPackaged() && resources && existsSync(path.join(resources, 'models'))) {
    return path.join(resources, 'models');
  }
  return path.join(appRoot, 'models');
}

/** The folder holding onnxruntime-node's binding and shared libraries for this platform. */
export function onnxruntimeBinDir(): string {
  const pkgJson = require.resolve('onnxruntime-node/package.json');
  return unpackedPath(
    path.join(path.dirname(pkgJson), 'bin', 'napi-v6', process.platform, process.arch),
  );
}
