import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ActionlineError } from './errors.ts';
import type { Device } from '../../shared/devices.ts';

/**
 * User settings: one JSON file in the user's config folder, shared by the desktop app and
 * the CLI. The folder is the one Electron calls `userData` for an app named "Actionline"
 * (Linux `$XDG_CONFIG_HOME/Actionline` or `~/.config/Actionline`, macOS
 * `~/Library/Application Support/Actionline`, Windows `%APPDATA%\Actionline`);
 * `ACTIONLINE_CONFIG_DIR` replaces it (tests, portable installs).
 *
 * This module loads nothing heavy (no onnxruntime): main/base/paths.ts reads it on every lookup.
 */

export const SETTINGS_FILE_NAME = 'settings.json';

/** The devices a setting may name: executionProviders.ts DEVICES (a test keeps them equal). */
export const SETTINGS_DEVICES = [
  'auto',
  'cpu',
  'cuda',
  'tensorrt',
  'dml',
  'coreml',
  'webgpu',
] as const satisfies readonly Device[];

const absolutePath = z
  .string()
  .min(1)
  .refine((p) => path.isAbsolute(p), { message: 'must be an absolute path' });

/** What the file holds. Absent fields take their defaults; unknown fields are refused. */
export const settingsSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    /** Where model folders (`<id>/manifest.json`) are looked up; absent: the built-in models. */
    modelsFolder: absolutePath.optional(),
    /** The execution provider used when a run does not name one. */
    defaultDevice: z.enum(SETTINGS_DEVICES).default('auto'),
    /** An ffmpeg executable to use instead of the bundled one. */
    ffmpegPath: absolutePath.optional(),
    /** An ffprobe executable to use instead of the bundled one. */
    ffprobePath: absolutePath.optional(),
    /** Review: seconds played before a segment (P, and after accept/reject and next). */
    preRollSec: z.number().min(0).max(30).default(1),
    /** Review: seconds played after a segment. */
    postRollSec: z.number().min(0).max(30).default(1),
    /**
     * Review: marks made while the video plays (K) are put this much earlier, the time between
     * seeing a change and pressing the key (about a quarter of a second for most people).
     */
    reactionSec: z.number().min(0).max(2).default(0.25),
    /** Review: after accept/reject and next, the next suggestion plays with its rolls. */
    playNextAfterDecision: z.boolean().default(true),
    /**
     * The app offers to train a head of the project's classes once this many videos are
     * reviewed, and again after as many more (issue 26); 0: never.
     */
    trainAfterReviewed: z.int().min(0).max(1000).default(3),
    /** Frames per second of folders of numbered images (a folder holds no rate); absent: 30. */
    imageSequenceFps: z.number().positive().max(1000).optional(),
  })
  .strict();

export type Settings = z.output<typeof settingsSchema>;

/** A change: a field set to null goes back to its default. */
export interface SettingsPatch {
  modelsFolder?: string | null;
  defaultDevice?: Device | null;
  ffmpegPath?: string | null;
  ffprobePath?: string | null;
  preRollSec?: number | null;
  postRollSec?: number | null;
  reactionSec?: number | null;
  playNextAfterDecision?: boolean | null;
  trainAfterReviewed?: number | null;
  imageSequenceFps?: number | null;
}

export const DEFAULT_SETTINGS: Settings = Object.freeze(settingsSchema.parse({}));

export function settingsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ACTIONLINE_CONFIG_DIR) return path.resolve(env.ACTIONLINE_CONFIG_DIR);
  const home = os.homedir();
  switch (process.platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'Actionline');
    case 'win32':
      return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Actionline');
    default:
      return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'Actionline');
  }
}

export function settingsFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(settingsDir(env), SETTINGS_FILE_NAME);
}

/** Settings as read: the values in force, and what was wrong with the file if anything. */
export interface LoadedSettings {
  path: string;
  exists: boolean;
  settings: Settings;
  /**
   * Why the file could not be used (not JSON, a field invalid): the defaults are in force.
   * Empty when the file is fine or absent.
   */
  problems: string[];
}

/** Parses settings text; problems name the field (`defaultDevice: expected one of …`). */
export function parseSettings(
  text: string,
): { ok: true; settings: Settings } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return { ok: false, problems: [`not valid JSON (${(err as Error).message})`] };
  }
  const parsed = settingsSchema.safeParse(json);
  if (parsed.success) return { ok: true, settings: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_value') {
    return `${where}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${issue.message}`;
}

let cache: { file: string; stamp: string; loaded: LoadedSettings } | undefined;

/**
 * Reads the settings file (synchronously: paths are resolved on demand). A missing file is
 * the defaults; a broken one is the defaults plus `problems`, never an exception, so a bad
 * edit cannot keep the app from starting. Re-read only when the file changes.
 */
export function loadSettings(file: string = settingsFilePath()): LoadedSettings {
  let stamp = 'absent';
  try {
    const st = statSync(file);
    stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    // absent
  }
  if (cache && cache.file === file && cache.stamp === stamp) return cache.loaded;
  let loaded: LoadedSettings;
  if (stamp === 'absent') {
    loaded = { path: file, exists: false, settings: DEFAULT_SETTINGS, problems: [] };
  } else {
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      loaded = {
        path: file,
        exists: true,
        settings: DEFAULT_SETTINGS,
        problems: [`cannot be read (${(err as Error).message})`],
      };
    }
    if (text !== undefined) {
      const parsed = parseSettings(text);
      loaded = parsed.ok
        ? { path: file, exists: true, settings: parsed.settings, problems: [] }
        : { path: file, exists: true, settings: DEFAULT_SETTINGS, problems: parsed.problems };
    }
  }
  cache = { file, stamp, loaded: loaded! };
  return loaded!;
}

/** The settings in force (defaults where the file is absent or broken). */
export function currentSettings(): Settings {
  return loadSettings().settings;
}

/**
 * Checks a complete settings value against the machine: the models folder exists and is a
 * folder, the ffmpeg/ffprobe overrides exist and are files. Returns one line per problem.
 */
export function checkSettings(settings: Settings): string[] {
  const problems: string[] = [];
  if (settings.modelsFolder !== undefined) {
    const st = statOrNull(settings.modelsFolder);
    if (!st) problems.push(`modelsFolder: ${settings.modelsFolder} does not exist`);
    else if (!st.isDirectory())
      problems.push(`modelsFolder: ${settings.modelsFolder} is not a folder`);
  }
  for (const key of ['ffmpegPath', 'ffprobePath'] as const) {
    const file = settings[key];
    if (file === undefined) continue;
    const st = statOrNull(file);
    if (!st) problems.push(`${key}: ${file} does not exist`);
    else if (!st.isFile()) problems.push(`${key}: ${file} is not a file`);
  }
  return problems;
}

function statOrNull(p: string) {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/**
 * Applies a change and writes the file (atomically: a temporary file renamed over it).
 * The result is validated as a whole, and paths are checked against the machine; either
 * failure throws BAD_ARGUMENT naming the fields and writes nothing. A broken existing file
 * is replaced by the defaults plus the change.
 */
export function updateSettings(
  patch: SettingsPatch,
  file: string = settingsFilePath(),
): LoadedSettings {
  const current = loadSettings(file).settings;
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else if (value !== undefined) next[key] = value;
  }
  const parsed = settingsSchema.safeParse(next);
  const problems = parsed.success
    ? checkSettings(parsed.data)
    : parsed.error.issues.map(describeIssue);
  if (!parsed.success || problems.length > 0) {
    throw new ActionlineError('BAD_ARGUMENT', `settings not saved: ${problems.join('; ')}`, file);
  }
  writeSettingsFile(file, parsed.data);
  return loadSettings(file);
}

/** Writes exactly these settings (defaults are written too, so the file documents itself). */
export function writeSettingsFile(file: string, settings: Settings): void {
  const dir = path.dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(settings, null, 2)}\n`);
  renameSync(tmp, file);
}
