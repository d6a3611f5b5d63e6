import { describe, expect, it } from 'vitest';
import { detectKind } from '../../../../../main/formats/import/detectKind.ts';

const results = (r: unknown) => ({ version: 'VERSION 1.3', external_data: {}, results: r });

function errorOf(json: unknown): string {
  try {
    detectKind(json, 'x.json');
  } catch (err) {
    expect(err).toMatchObject({ code: 'BAD_FORMAT', file: 'x.json' });
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('detectKind', () => {
  it('tells ground truth by its database', () => {
    expect(detectKind({ version: '', taxonomy: [], database: {} }, 'x.json')).toBe('groundTruth');
  });

  it('tells the results task by the fields of the first entry', () => {
    expect(detectKind(results({ a: [{ label: 'x', score: 1, segment: [0, 1] }] }), 'f')).toBe(
      'detection',
    );
    expect(detectKind(results({ a: [{ label: 'x', score: 1 }] }), 'f')).toBe('classification');
    expect(detectKind(results({ a: [{ score: 1, segment: [0, 1] }] }), 'f')).toBe('proposals');
  });

  it('skips empty lists and non-objects to find the first entry', () => {
    expect(detectKind(results({ a: [], b: 3, c: [7, { label: 'x', score: 1 }] }), 'f')).toBe(
      'classification',
    );
  });

  it('reads an empty results file as detection', () => {
    expect(detectKind(results({}), 'f')).toBe('detection');
  });

  it('refuses an entry with neither segment nor label, naming its path', () => {
    expect(errorOf(results({ abc: [{ score: 1 }] }))).toBe(
      'x.json: results.abc[0]: has neither "segment" nor "label", so it is not detection, classification or proposal results',
    );
  });

  it('refuses files of unknown shape in one line', () => {
    expect(errorOf([])).toBe('x.json: expected an object, got an array of 0');
    expect(errorOf({ version: 'VERSION 1.3' })).toMatch(/^x\.json: not an ActivityNet file/);
    expect(errorOf({ database: {}, results: {} })).toMatch(/has both "database"/);
  });

  it('does not take inherited properties for fields', () => {
    const json = JSON.parse('{"__proto__": {"database": {}}, "results": {}}') as unknown;
    expect(detectKind(json, 'f')).toBe('detection');
  });
});
