import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TSN_PRESETS, tsnManifest } from '../../../../models/convert/caffe/tsnPresets.ts';
import { parseManifest } from '../../../../main/inference/manifest.ts';

const root = path.resolve(import.meta.dirname, '../../../..');

describe.each(TSN_PRESETS)('models/tsn/%s/manifest.json', (id) => {
  const file = path.join(root, 'models/tsn', id, 'manifest.json');
  const manifest = parseManifest(readFileSync(file, 'utf8'), file);

  it('is valid, equals the convert preset (but for the label path) and names the Kinetics labels', () => {
    const { labels, ...rest } = manifest;
    const { labels: presetLabels, ...preset } = tsnManifest(id);
    expect({ ...rest, $schema: undefined }).toEqual({ ...preset, $schema: undefined });
    expect(presetLabels.file).toBe('labels.txt');
    expect(labels.file).toBe('../../labels/kinetics400.txt');
    expect(existsSync(path.resolve(path.dirname(file), labels.file))).toBe(true);
  });

  it('states the TSN protocol: BGR mean, 340×256 frames, ten crops, new_length, published accuracy', () => {
    const flow = id.endsWith('flow');
    expect(manifest.framesPerSnippet).toBe(flow ? 5 : 1);
    expect(manifest.mean).toEqual(flow ? 128 : [104, 117, 123]);
    expect(manifest.crops).toBe('ten');
    expect(manifest.accuracy?.[0]?.dataset).toBe('Kinetics-400 val');
    if (id.includes('bninception')) {
      expect(manifest.resize).toEqual({ mode: 'fixed', widthPx: 340, heightPx: 256 });
      expect(manifest.input.widthPx).toBe(224);
    }
  });
});

it('published top-1/top-5 are the seed table', () => {
  expect(
    TSN_PRESETS.map((p) => [tsnManifest(p).accuracy![0]!.top1, tsnManifest(p).accuracy![0]!.top5]),
  ).toEqual([
    [69.1, 88.7],
    [62.1, 83.9],
    [72.5, 90.2],
    [62.8, 84.2],
  ]);
});
