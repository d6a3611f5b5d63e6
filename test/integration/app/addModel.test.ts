import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from './appRouter.ts';
import type { ModelCheckView, ModelInfo } from '../../../shared/ipc/contract.ts';
import type { Result } from '../../../shared/result.ts';
import { standIn } from '../convert/helpers/standIn.ts';
import { motionTestVideo } from '../../fixtures/videos.ts';

/** "Add model…" and the model check, through the router: real conversion, ORT and ffmpeg. */
const { router, session, close } = appRouter();
const savedConfigDir = process.env.ACTIONLINE_CONFIG_DIR;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-addmodel-'));
  process.env.ACTIONLINE_CONFIG_DIR = path.join(dir, 'config');
  session.open(path.join(dir, 'p.actionline'), true);
  copyFileSync((await motionTestVideo()).path, path.join(dir, 'clip.mp4'));
  await router.handle('videos:add', { paths: [path.join(dir, 'clip.mp4')] });
});
afterAll(async () => {
  if (savedConfigDir === undefined) delete process.env.ACTIONLINE_CONFIG_DIR;
  else process.env.ACTIONLINE_CONFIG_DIR = savedConfigDir;
  await close();
});

async function value<T>(channel: string, request: unknown): Promise<T> {
  const result = (await router.handle(channel, request)) as Result<T>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('adding and checking a model in the app', () => {
  it('converts a Caffe model into the user models folder, lists it, and refuses the id twice', async () => {
    const { prototxt, weights } = standIn(dir, 400);
    const request = { prototxt, weights, preset: 'tsn-bninception-rgb', id: 'stand-in' };
    const added = await value<ModelInfo>('models:addCaffe', request);
    expect(added).toMatchObject({ id: 'stand-in' });
    expect(added.labels).toHaveLength(400);
    const ids = (await value<ModelInfo[]>('models:list', {})).map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['motion', 'stand-in']));
    const again = await router.handle('models:addCaffe', request);
    expect(again).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/already installed/) },
    });
  });

  it('checks the model on a project video: a PNG of its input and the top classes', async () => {
    const check = await value<ModelCheckView>('models:check', {
      model: 'stand-in',
      videoId: 'clip',
      atSec: 1,
    });
    expect([...check.png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    expect(check.top.length).toBeGreaterThanOrEqual(5);
    expect(check.frameIndex).toBe(25);
  });

  it('refuses missing Caffe files, leaving nothing behind', async () => {
    const bad = await router.handle('models:addCaffe', {
      prototxt: path.join(dir, 'missing.prototxt'),
      weights: path.join(dir, 'missing.caffemodel'),
      preset: 'tsn-bninception-rgb',
      id: 'broken',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'FILE_NOT_FOUND' } });
    const ids = (await value<ModelInfo[]>('models:list', {})).map((m) => m.id);
    expect(ids).not.toContain('broken');
  });
});
