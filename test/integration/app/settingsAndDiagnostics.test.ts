import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './appRouter.ts';

/** The app's Settings and Diagnostics requests, through the router, on this machine. */
const { router, close } = appRouter();
const savedConfigDir = process.env.ACTIONLINE_CONFIG_DIR;

beforeAll(() => {
  process.env.ACTIONLINE_CONFIG_DIR = mkdtempSync(path.join(tmpdir(), 'actionline-config-'));
});
afterAll(async () => {
  if (savedConfigDir === undefined) delete process.env.ACTIONLINE_CONFIG_DIR;
  else process.env.ACTIONLINE_CONFIG_DIR = savedConfigDir;
  await close();
});

describe('settings and diagnostics requests', () => {
  it('reads defaults, saves a change, and refuses a bad path without writing', async () => {
    expect(await router.handle('settings:get', {})).toMatchObject({
      ok: true,
      value: { defaultDevice: 'auto', modelsFolder: null, problems: [] },
    });
    expect(await router.handle('settings:update', { defaultDevice: 'cpu' })).toMatchObject({
      ok: true,
      value: { defaultDevice: 'cpu' },
    });
    const bad = await router.handle('settings:update', { ffmpegPath: 'relative/ffmpeg' });
    expect(bad.ok).toBe(false);
    expect(await router.handle('settings:get', {})).toMatchObject({
      value: { defaultDevice: 'cpu', ffmpegPath: null },
    });
  });

  it('makes the doctor report in a child process: CPU provider and ffmpeg found', async () => {
    const result = await router.handle('diagnostics:report', {});
    expect(result.ok).toBe(true);
    const text = (result as { value: { text: string } }).value.text;
    expect(text).toMatch(/ffmpeg/i);
    expect(text).toMatch(/cpu/i);
  });
});
