import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, parseManifest } from '../../../../main/inference/manifest.ts';
import { manifestJsonSchema } from '../../../../models/manifestSchema.ts';
import { modelsDir } from '../../../../main/base/paths.ts';

const motionManifestPath = path.join(modelsDir(), 'motion', 'manifest.json');
const motionJson = JSON.parse(readFileSync(motionManifestPath, 'utf8')) as Record<string, unknown>;
const FILE = '/models/x/manifest.json';

/** The error message parseManifest gives for `json`, or 'valid'. */
function problem(json: unknown): string {
  try {
    parseManifest(JSON.stringify(json), FILE);
    return 'valid';
  } catch (err) {
    expect((err as { code: string }).code).toBe('BAD_MANIFEST');
    return (err as Error).message;
  }
}

const tsnRgb = {
  schemaVersion: 1,
  id: 'tsn-bninception-rgb-kinetics',
  name: 'TSN BNInception RGB (Kinetics-400)',
  version: '1.0.0',
  modality: 'rgb',
  onnx: 'model.onnx',
  input: { name: 'data', layout: 'NCHW', widthPx: 224, heightPx: 224 },
  output: { name: 'fc_action', kind: 'logits' },
  resize: { mode: 'fixed', widthPx: 340, heightPx: 256 },
  framesPerSnippet: 1,
  channelOrder: 'BGR',
  pixelScale: 255,
  mean: [104, 117, 123],
  std: [1, 1, 1],
  crops: 'ten',
  labels: { file: '../labels/kinetics400.txt', format: 'lines' },
  accuracy: [
    { dataset: 'Kinetics-400 val', top1: 69.1, top5: 88.7, protocol: '25 snippets, 10 crops' },
  ],
};

describe('parseManifest', () => {
  it('schema version 2 names a features output beside the logits; version 1 may not', () => {
    const features = { output: 'global_pool', size: 1024 };
    const v2 = { ...tsnRgb, schemaVersion: 2, features };
    expect(problem(v2)).toBe('valid');
    expect(parseManifest(JSON.stringify(v2), FILE).features).toEqual(features);
    expect(problem({ ...tsnRgb, features })).toContain('features need schemaVersion 2');
    expect(problem({ ...v2, features: { output: 'global_pool', size: 0 } })).toMatch(/size/);
    expect(problem({ ...tsnRgb, schemaVersion: 3 })).toMatch(/schemaVersion/);
  });

  it('accepts the built-in motion manifest and a TSN RGB one', () => {
    expect(problem(motionJson)).toBe('valid');
    expect(problem(tsnRgb)).toBe('valid');
    expect(parseManifest(JSON.stringify(tsnRgb), FILE).backgroundLabels).toEqual([]);
  });

  it('accepts a TSN flow manifest with one mean and 5 stacked fields', () => {
    const flow = {
      ...tsnRgb,
      modality: 'flow',
      input: { ...tsnRgb.input, layout: 'NCHW-stacked' },
      framesPerSnippet: 5,
      mean: 128,
      std: 1,
    };
    expect(problem(flow)).toBe('valid');
    expect(problem({ ...flow, mean: [128, 128, 128] })).toMatch(/mean: flow takes one value/);
  });

  it('names the file and the missing field', () => {
    const { name: _drop, ...input } = tsnRgb.input;
    const message = problem({ ...tsnRgb, input });
    expect(message).toContain(FILE);
    expect(message).toContain('input.name: missing (expected string)');
    const { crops: _c, ...noCrops } = tsnRgb;
    expect(problem(noCrops)).toContain('crops: missing');
  });

  it('lists the allowed values of an enum', () => {
    expect(problem({ ...tsnRgb, input: { ...tsnRgb.input, layout: 'NHWC' } })).toContain(
      'input.layout: expected one of "NCHW", "NCHW-stacked", "NTCHW", "NCTHW", "NMCHW"',
    );
    expect(problem({ ...tsnRgb, resize: { mode: 'long', sizePx: 256 } })).toContain(
      'resize.mode: expected one of "fixed", "shortSide"',
    );
    expect(problem({ ...tsnRgb, pixelScale: 2 })).toContain('pixelScale: expected one of 255, 1');
    expect(problem({ ...tsnRgb, schemaVersion: 3 })).toContain(
      'schemaVersion: expected one of 1, 2',
    );
  });

  it('rejects unknown fields (typos) and wrong value shapes', () => {
    expect(problem({ ...tsnRgb, chanelOrder: 'RGB' })).toContain('chanelOrder: unknown field');
    expect(problem({ ...tsnRgb, mean: [1, 2] })).toContain('mean: expected 3 numbers');
    expect(problem({ ...tsnRgb, framesPerSnippet: 1.5 })).toContain(
      'framesPerSnippet: expected an integer',
    );
  });

  it('checks the rules between fields', () => {
    const { onnx: _o, ...neither } = tsnRgb;
    expect(problem(neither)).toContain('onnx: give exactly one of "onnx" and "builtin"');
    expect(problem({ ...tsnRgb, builtin: 'motion' })).toContain('exactly one');
    expect(problem({ ...tsnRgb, framesPerSnippet: 5 })).toContain(
      'framesPerSnippet: layout NCHW takes one frame',
    );
    expect(
      problem({ ...tsnRgb, resize: { mode: 'fixed', widthPx: 200, heightPx: 200 } }),
    ).toContain('does not fit in the resized frame (200×200)');
    expect(problem({ ...tsnRgb, resize: { mode: 'shortSide', sizePx: 256 } })).toBe('valid');
    expect(problem({ ...tsnRgb, std: [1, 0, 1] })).toContain('std: must not be 0');
  });

  it('reports text that is not JSON', () => {
    expect(() => parseManifest('{"id": ', FILE)).toThrow(
      /\/models\/x\/manifest.json: not valid JSON/,
    );
  });
});

describe('models/manifest.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` after changing it)', () => {
    const committed: unknown = JSON.parse(
      readFileSync(path.join(modelsDir(), 'manifest.schema.json'), 'utf8'),
    );
    expect(committed).toEqual(JSON.parse(JSON.stringify(manifestJsonSchema())));
  });
});

describe('loadModel', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'actionline-manifest-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function writeModel(
    id: string,
    manifest: Record<string, unknown>,
    files: Record<string, string> = {},
  ) {
    const dir = path.join(root, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return path.join(dir, 'manifest.json');
  }
  const small = { ...tsnRgb, labels: { file: 'labels.txt', format: 'lines' } };

  it('loads the built-in motion model by id: labels and graph bytes', async () => {
    const model = await loadModel('motion');
    expect(model.manifestPath).toBe(motionManifestPath);
    expect(model.labels).toEqual(['background', 'motion']);
    expect(model.manifest.backgroundLabels).toEqual(['background']);
    expect('bytes' in model.onnx && model.onnx.bytes.length).toBeGreaterThan(100);
  });

  it('resolves the onnx and label files next to the manifest', async () => {
    const file = writeModel('ok', small, { 'labels.txt': 'a\nb\n', 'model.onnx': 'x' });
    const model = await loadModel(file);
    expect(model.dir).toBe(path.dirname(file));
    expect(model.onnx).toEqual({ path: path.join(root, 'ok', 'model.onnx') });
    expect(model.labels).toEqual(['a', 'b']);
  });

  it('names the missing ONNX file, label map, or model id', async () => {
    const noOnnx = writeModel('no-onnx', small, { 'labels.txt': 'a\n' });
    await expect(loadModel(noOnnx)).rejects.toThrow(/onnx: .*no-onnx\/model.onnx not found/);
    const noLabels = writeModel('no-labels', small, { 'model.onnx': 'x' });
    await expect(loadModel(noLabels)).rejects.toThrow(
      /labels.file: .*no-labels\/labels.txt not found/,
    );
    await expect(loadModel('no-such-model')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: expect.stringMatching(/no model "no-such-model" .*installed: .*motion/),
    });
  });

  it('rejects background labels the label map does not have', async () => {
    const file = writeModel(
      'bg',
      { ...small, backgroundLabels: ['idle'] },
      { 'labels.txt': 'a\n', 'model.onnx': 'x' },
    );
    await expect(loadModel(file)).rejects.toMatchObject({
      code: 'BAD_MANIFEST',
      message: expect.stringContaining('backgroundLabels: "idle" not in the label map'),
    });
  });
});
