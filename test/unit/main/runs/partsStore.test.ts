import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PartsStore, type PartFingerprint } from '../../../../main/runs/partsStore.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fp: PartFingerprint = {
  videoPath: '/videos/a b.mp4',
  sizeBytes: 1234,
  mtimeMs: 1_700_000_000_000,
  settings: { model: 'motion', stride: 8 },
};

describe('PartsStore', () => {
  it('round-trips a saved part', async () => {
    const store = new PartsStore<{ segments: number[] }>(path.join(dir, 'out1.json'));
    expect(store.dir).toBe(path.join(dir, 'out1.json.parts'));
    expect(await store.load('a b', fp)).toBeNull();
    await store.save('a b', fp, { segments: [1, 2] });
    expect(await store.load('a b', fp)).toEqual({ segments: [1, 2] });
    expect(readdirSync(store.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('returns null when the fingerprint changed', async () => {
    const store = new PartsStore<number>(path.join(dir, 'out2.json'));
    await store.save('v', fp, 7);
    expect(await store.load('v', { ...fp, mtimeMs: fp.mtimeMs + 1 })).toBeNull();
    expect(await store.load('v', { ...fp, settings: { model: 'motion', stride: 4 } })).toBeNull();
    expect(await store.load('v', fp)).toBe(7);
  });

  it('returns null for a damaged part', async () => {
    const store = new PartsStore<number>(path.join(dir, 'out3.json'));
    await store.save('v', fp, 7);
    const [name] = readdirSync(store.dir);
    writeFileSync(path.join(store.dir, name!), '{"fingerprint": "x", "val');
    expect(await store.load('v', fp)).toBeNull();
  });

  it('clear() removes every part', async () => {
    const store = new PartsStore<number>(path.join(dir, 'out4.json'));
    await store.save('v', fp, 7);
    await store.save('w', fp, 8);
    await store.clear();
    expect(await store.load('v', fp)).toBeNull();
    expect(await store.load('w', fp)).toBeNull();
    await store.clear(); // clearing nothing is fine
  });
});
