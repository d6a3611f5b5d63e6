import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICES } from '../../../../main/inference/executionProviders.ts';
import {
  DEFAULT_SETTINGS,
  SETTINGS_DEVICES,
  loadSettings,
  parseSettings,
  settingsDir,
  settingsFilePath,
  updateSettings,
} from '../../../../main/base/settings.ts';

let dir = '';
let file = '';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'settings-'));
  file = path.join(dir, 'config', 'settings.json');
});

/**
 * The review settings' defaults: 1 s rolls, a quarter-second reaction time, play next; a head
 * offered after 3 reviewed videos.
 */
const REVIEW_DEFAULTS = {
  preRollSec: 1,
  postRollSec: 1,
  reactionSec: 0.25,
  playNextAfterDecision: true,
  trainAfterReviewed: 3,
};

describe('settings file location', () => {
  it('follows ACTIONLINE_CONFIG_DIR, else the Electron userData folder of "Actionline"', () => {
    expect(settingsFilePath({ ACTIONLINE_CONFIG_DIR: dir })).toBe(path.join(dir, 'settings.json'));
    if (process.platform === 'linux') {
      expect(settingsDir({ XDG_CONFIG_HOME: '/x/cfg' })).toBe('/x/cfg/Actionline');
      expect(settingsDir({})).toMatch(/\.config\/Actionline$/);
    }
  });
});

describe('reading settings', () => {
  it('gives the defaults when the file is absent', () => {
    const loaded = loadSettings(file);
    expect(loaded).toEqual({ path: file, exists: false, settings: DEFAULT_SETTINGS, problems: [] });
    expect(DEFAULT_SETTINGS).toEqual({
      schemaVersion: 1,
      defaultDevice: 'auto',
      ...REVIEW_DEFAULTS,
    });
  });

  it('reads a valid file and fills in defaults', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ ffmpegPath: '/usr/bin/ffmpeg' }));
    expect(loadSettings(file).settings).toEqual({
      schemaVersion: 1,
      defaultDevice: 'auto',
      ...REVIEW_DEFAULTS,
      ffmpegPath: '/usr/bin/ffmpeg',
    });
  });

  it('keeps the defaults in force and says why when the file is broken', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{ not json');
    const broken = loadSettings(file);
    expect(broken.settings).toEqual(DEFAULT_SETTINGS);
    expect(broken.problems[0]).toMatch(/^not valid JSON/);

    writeFileSync(
      file,
      JSON.stringify({ defaultDevice: 'gpu', colour: 'red', modelsFolder: 'rel' }),
    );
    const invalid = loadSettings(file);
    expect(invalid.settings).toEqual(DEFAULT_SETTINGS);
    expect(invalid.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^defaultDevice: expected one of "auto", "cpu"/),
        'unknown field(s): colour',
        'modelsFolder: must be an absolute path',
      ]),
    );
  });

  it('sees a change to the file', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ defaultDevice: 'cpu' }));
    expect(loadSettings(file).settings.defaultDevice).toBe('cpu');
    writeFileSync(file, JSON.stringify({ defaultDevice: 'webgpu', schemaVersion: 1 }));
    expect(loadSettings(file).settings.defaultDevice).toBe('webgpu');
  });

  it('offers exactly the devices the engine knows', () => {
    expect([...SETTINGS_DEVICES]).toEqual([...DEVICES]);
  });

  it('parses a BOM-prefixed file', () => {
    expect(parseSettings('\uFEFF{}')).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
  });
});

describe('updating settings', () => {
  it('writes a validated change, creating the folder, and null resets a field', () => {
    const updated = updateSettings({ defaultDevice: 'cpu', modelsFolder: dir }, file);
    expect(updated.settings).toEqual({
      schemaVersion: 1,
      defaultDevice: 'cpu',
      modelsFolder: dir,
      ...REVIEW_DEFAULTS,
    });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(updated.settings);

    const reset = updateSettings({ modelsFolder: null }, file);
    expect(reset.settings).toEqual({ schemaVersion: 1, defaultDevice: 'cpu', ...REVIEW_DEFAULTS });
  });

  it('refuses paths that do not exist or are of the wrong kind, writing nothing', () => {
    updateSettings({ defaultDevice: 'cpu' }, file);
    const before = readFileSync(file, 'utf8');
    expect(() => updateSettings({ modelsFolder: path.join(dir, 'missing') }, file)).toThrow(
      /modelsFolder: .*missing does not exist/,
    );
    expect(() => updateSettings({ ffmpegPath: dir }, file)).toThrow(/ffmpegPath: .* is not a file/);
    expect(() => updateSettings({ ffprobePath: 'ffprobe' }, file)).toThrow(
      /ffprobePath: must be an absolute path/,
    );
    expect(() => updateSettings({ defaultDevice: 'gpu' as never }, file)).toThrow(/defaultDevice/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('replaces a broken file with the defaults plus the change', () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'garbage');
    expect(updateSettings({ defaultDevice: 'cuda' }, file).settings).toEqual({
      schemaVersion: 1,
      defaultDevice: 'cuda',
      ...REVIEW_DEFAULTS,
    });
  });
});

describe('main/base/paths.ts honours the settings', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('uses the settings overrides, and the environment wins over them', async () => {
    const { ffmpegPath, resolveFfmpeg, resolveFfprobe, resolveModelsDir, builtinModelsDir } =
      await import('../../../../main/base/paths.ts');
    delete process.env.FFMPEG_PATH;
    delete process.env.FFPROBE_PATH;
    delete process.env.ACTIONLINE_MODELS_DIR;
    process.env.ACTIONLINE_CONFIG_DIR = path.join(dir, 'cfg');
    expect(resolveFfmpeg().source).toBe('bundled');
    expect(resolveModelsDir()).toEqual({ path: builtinModelsDir(), source: 'bundled' });

    const fakeFfmpeg = path.join(dir, 'ffmpeg');
    const fakeFfprobe = path.join(dir, 'ffprobe');
    writeFileSync(fakeFfmpeg, '');
    writeFileSync(fakeFfprobe, '');
    updateSettings(
      { ffmpegPath: fakeFfmpeg, ffprobePath: fakeFfprobe, modelsFolder: dir },
      settingsFilePath(),
    );
    expect(resolveFfmpeg()).toEqual({ path: fakeFfmpeg, source: 'settings' });
    expect(resolveFfprobe()).toEqual({ path: fakeFfprobe, source: 'settings' });
    expect(resolveModelsDir()).toEqual({ path: dir, source: 'settings' });

    process.env.FFMPEG_PATH = '/env/ffmpeg';
    process.env.ACTIONLINE_MODELS_DIR = '/env/models';
    expect(ffmpegPath()).toBe('/env/ffmpeg');
    expect(resolveModelsDir()).toEqual({ path: '/env/models', source: 'env' });
  });
});
