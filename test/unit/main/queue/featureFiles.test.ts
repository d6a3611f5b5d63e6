/**
 * Features through the queue: their blob round-trips exactly at any alignment, cut bytes are
 * refused, and a result's features go to the results folder when over the inline limit (where
 * the scores may still travel inline), and come back from it.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decodeFeatureBlob,
  encodeFeatureBlob,
  loadFeatures,
  storeFeatures,
} from '../../../../main/queue/featureFiles.ts';
import type { SnippetFeatures } from '../../../../shared/analysis/types.ts';

const features: SnippetFeatures = {
  dim: 4,
  values: Float32Array.from([0, -0, 1e-7, 3.14159, -2, 65504, 1e6, 0.1, 7, 8, 9, 10]),
};

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('feature blobs', () => {
  it('round-trip exactly (float32 in transit), also from an unaligned buffer', () => {
    const blob = encodeFeatureBlob(features);
    expect(blob.length).toBe(48 + 12 * 4); // signature, header and padding; the values
    for (const offset of [0, 1, 3]) {
      const host = new Uint8Array(blob.length + offset);
      host.set(blob, offset);
      const back = decodeFeatureBlob(host.subarray(offset), 'x');
      expect(back.dim).toBe(4);
      expect(Object.is(back.values[1], -0)).toBe(true);
      expect(Array.from(back.values)).toEqual(Array.from(features.values));
    }
  });

  it('refuse foreign or cut bytes with a message naming the source', () => {
    expect(() => decodeFeatureBlob(new Uint8Array(20), 'f.features')).toThrow(
      /f\.features: not an Actionline features file/,
    );
    const blob = encodeFeatureBlob(features);
    expect(() => decodeFeatureBlob(blob.subarray(0, blob.length - 4), 'f')).toThrow(
      /do not hold 3 × 4/,
    );
  });
});

describe('storeFeatures / loadFeatures', () => {
  it('keep small features inline and write large ones as <jobId>.features', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-features-'));
    dirs.push(dir);
    const inline = await storeFeatures(features, 'pl-1', { resultsDir: dir, inlineMaxBytes: 1024 });
    expect(inline.where).toBe('inline');
    expect(await loadFeatures(inline, null, 'v')).toEqual(features);

    const file = await storeFeatures(features, 'pl-2', { resultsDir: dir, inlineMaxBytes: 95 });
    expect(file).toMatchObject({ where: 'file', file: 'pl-2.features', bytes: 96 });
    expect(readdirSync(dir)).toEqual(['pl-2.features']);
    expect(await loadFeatures(file, dir, 'v')).toEqual(features);
    await expect(loadFeatures(file, null, 'v')).rejects.toThrow(/features are in .*--results-dir/);
    writeFileSync(path.join(dir, 'pl-2.features'), 'changed');
    await expect(loadFeatures(file, dir, 'v')).rejects.toThrow(/features of "v".*checksum/);

    const omitted = await storeFeatures(features, 'pl-3', { resultsDir: null, inlineMaxBytes: 0 });
    expect(omitted).toMatchObject({ where: 'omitted', reason: expect.stringMatching(/^features/) });
    await expect(loadFeatures(omitted, null, 'v')).rejects.toThrow(/--results-dir/);
  });
});
