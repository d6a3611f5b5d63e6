import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLabelMap, parseLabelMap } from '../../../../main/inference/labelMap.ts';
import { modelsDir } from '../../../../main/base/paths.ts';

const parse = (text: string, format: 'lines' | 'json' = 'lines') =>
  parseLabelMap(text, format, 'labels');

describe('parseLabelMap', () => {
  it('reads one name per line, ignoring trailing blank lines, CRLF and a BOM', () => {
    expect(parse('\uFEFFabseiling\r\nair drumming\r\n\r\n')).toEqual(['abseiling', 'air drumming']);
  });

  it('refuses a blank line inside, which would shift the classes after it', () => {
    expect(() => parse('a\n\nb\n')).toThrow(/line 2 is blank/);
  });

  it('reads a JSON array or an index → name object', () => {
    expect(parse('["a", "b"]', 'json')).toEqual(['a', 'b']);
    expect(parse('{"1": "b", "0": "a"}', 'json')).toEqual(['a', 'b']);
  });

  it('refuses gaps, bad keys and duplicate names', () => {
    expect(() => parse('{"0": "a", "2": "c"}', 'json')).toThrow(/key "2" is not an index 0…1/);
    expect(() => parse('{"x": "a"}', 'json')).toThrow(/key "x"/);
    expect(() => parse('[1]', 'json')).toThrow(/entry 0 is not a name/);
    expect(() => parse('a\nb\na\n')).toThrow(/"a" appears twice \(classes 0 and 2\)/);
    expect(() => parse('\n\n')).toThrow(/no labels/);
  });
});

describe('models/labels/kinetics400.txt', () => {
  it('is the reference Kinetics-400 order: 400 unique names', async () => {
    const labels = await loadLabelMap(path.join(modelsDir(), 'labels', 'kinetics400.txt'), 'lines');
    expect(labels).toHaveLength(400);
    expect(labels[0]).toBe('abseiling');
    expect(labels[399]).toBe('zumba');
    const reference = '/work/shared/reference/labels/kinetics400.txt';
    let referenceText: string | null = null;
    try {
      referenceText = readFileSync(reference, 'utf8');
    } catch {
      // The shared reference is a development-machine folder; the count and ends still hold.
    }
    if (referenceText !== null) expect(labels).toEqual(parse(referenceText));
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(loadLabelMap('/nonexistent/labels.txt', 'lines')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});
