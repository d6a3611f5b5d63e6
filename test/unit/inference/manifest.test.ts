import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../main/errors.ts';
import { loadModel, parseManifest } from '../../../main/inference/manifest.ts';
import { manifestJsonSchema } from '../../../main/inference/manifestSchema.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const FILE = '/models/tiny/manifest.json';

const valid = {
  schemaVersion: 1,
  id: 'tiny',
  name: 'Tiny',
  version: '1',
  modality: 'rgb',
  onnx: 'tiny.onnx',
  input: { name: 'x', layout: 'NCHW', widthPx: 224, heightPx: 224 },
  output: { kind: 'logits' },
  resize: { mode: 'fixed', widthPx: 340, heightPx: 256 },
  framesPerSnippet: 1,
  channelOrder: 'RGB',
  pixelScale: 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  crops: 'center',
  labels: { file: 'labels.txt', format: 'lines' },
};

function parseError(json: unknown): ActionlineError {
  try {
    parseManifest(JSON.stringify(json), FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return err as ActionlineError;
  }
  throw new Error('parseManifest accepted an invalid manifest');
}

describe('parseManifest', () => {
  it('accepts a valid manifest and defaults backgroundLabels', () => {
    expect(parseManifest(JSON.stringify(valid), FILE).backgroundLabels).toEqual([]);
  });

  it('names the file and the missing field', () => {
    const { input: _input, ...noInput } = valid;
    const err = parseError(noInput);
    expect(err.code).toBe('BAD_MANIFEST');
    expect(err.file).toBe(FILE);
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(/\binput: missing/);
  });

  it('names input.layout for a bad layout', () => {
    const err = parseError({ ...valid, input: { ...valid.input, layout: 'NHWC' } });
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(/input\.layout: expected one of/);
  });

  it('rejects both onnx and builtin', () => {
    const err = parseError({ ...valid, builtin: 'motion' });
    expect(err.message).toContain(FILE);
    expect(err.message).toMatch(/onnx: give exactly one of "onnx" and "builtin"/);
  });

  it('reports invalid JSON with the file', () => {
    expect(() => parseManifest('{', FILE)).toThrow(FILE);
  });
});

describe('loadModel', () => {
  it("loads the built-in 'motion' model with its labels", async () => {
    const model = await loadModel('motion');
    expect(model.labels).toEqual(['background', 'motion']);
    expect(model.manifest.id).toBe('motion');
    expect('bytes' in model.onnx).toBe(true);
  });
});

describe('models/manifest.schema.json', () => {
  it('matches manifestJsonSchema() (run `npm run schema` when this fails)', () => {
    const onDisk: unknown = JSON.parse(
      readFileSync(path.join(root, 'models/manifest.schema.json'), 'utf8'),
    );
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(manifestJsonSchema())));
  });
});
