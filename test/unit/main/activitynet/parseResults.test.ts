import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../../main/activitynet/parseResults.ts';
import { parseJsonText } from '../../../../main/activitynet/readJsonFile.ts';
import type { ResultsTask } from '../../../../main/activitynet/types.ts';

const file = (results: object) => ({
  version: 'VERSION 1.3',
  external_data: { used: false, details: '' },
  results,
});

const errorOf = (json: unknown, task: ResultsTask = 'detection'): string => {
  try {
    parseResults(json, 'pred.json', task);
  } catch (err) {
    expect(err).toMatchObject({ code: 'BAD_FORMAT', file: 'pred.json' });
    return (err as Error).message;
  }
  throw new Error('expected a BAD_FORMAT error');
};

describe('parseResults', () => {
  it('reads detection results in file order', () => {
    const parsed = parseResults(
      file({ abc: [{ label: 'Wakeboarding', score: 0.93, segment: [12.0, 55.5] }], def: [] }),
      'pred.json',
      'detection',
    );
    expect(parsed.externalData).toEqual({ used: false, details: '' });
    expect(parsed.videos).toEqual([
      {
        videoId: 'abc',
        entries: [{ label: 'Wakeboarding', score: 0.93, segment: { startSec: 12, endSec: 55.5 } }],
      },
      { videoId: 'def', entries: [] },
    ]);
  });

  it('needs a label for classification but no segment, a segment for proposals but no label', () => {
    expect(
      parseResults(file({ a: [{ label: 'X', score: 1 }] }), 'p', 'classification').videos[0]!
        .entries,
    ).toEqual([{ label: 'X', score: 1 }]);
    expect(
      parseResults(file({ a: [{ score: 1, segment: [0, 1] }] }), 'p', 'proposals').videos[0]!
        .entries,
    ).toEqual([{ score: 1, segment: { startSec: 0, endSec: 1 } }]);
    expect(errorOf(file({ a: [{ score: 1, segment: [0, 1] }] }))).toBe(
      'pred.json: results.a[0].label: expected a string, got nothing (missing)',
    );
    expect(
      errorOf(
        file({
          abc: [
            { label: 'X', score: 1 },
            { label: 'X', score: 1 },
            { label: 'X', score: 1 },
            { label: 'X', score: 1 },
          ],
        }),
      ),
    ).toBe(
      'pred.json: results.abc[0].segment: expected [start, end] numbers, got nothing (missing)',
    );
  });

  it('requires version, results and external_data', () => {
    expect(errorOf({ version: 'x', results: {} })).toBe(
      'pred.json: external_data: missing (an ActivityNet results file has version, results and external_data)',
    );
    expect(errorOf({ version: 'x', results: [], external_data: {} })).toBe(
      'pred.json: results: expected an object, got an array of 0',
    );
    expect(errorOf({ version: 'x', results: {}, external_data: { used: 'no' } })).toBe(
      'pred.json: external_data.used: expected true or false',
    );
  });

  it('rejects a non-finite or missing score, naming its path', () => {
    expect(errorOf(file({ abc: [{ label: 'X', score: '0.5', segment: [0, 1] }] }))).toBe(
      'pred.json: results.abc[0].score: expected a finite number, got "0.5"',
    );
    // Python's json.dump writes NaN / Infinity for float('nan') and float('inf').
    const text =
      '{"version": "1.3", "external_data": {}, "results": {"abc": [{"label": "X", "score": 0.1, "segment": [0, 1]}, {"label": "X", "score": NaN, "segment": [0, 1]}]}}';
    expect(errorOf(parseJsonText(text, 'pred.json'))).toBe(
      'pred.json: results.abc[1].score: expected a finite number, got NaN',
    );
    const inf =
      '{"version": "1.3", "external_data": {}, "results": {"abc": [{"label": "NaN Infinity", "score": 1, "segment": [-Infinity, 1]}]}}';
    expect(errorOf(parseJsonText(inf, 'pred.json'))).toBe(
      'pred.json: results.abc[0].segment: expected [start, end] numbers, got [-Infinity, 1]',
    );
    // 1e400 parses to Infinity.
    expect(errorOf(file({ abc: [{ label: 'X', score: Infinity, segment: [0, 1] }] }))).toBe(
      'pred.json: results.abc[0].score: expected a finite number, got Infinity',
    );
  });

  it('rejects end before start and warns about zero-length segments', () => {
    expect(errorOf(file({ abc: [{ label: 'X', score: 1, segment: [2, 1] }] }))).toBe(
      'pred.json: results.abc[0].segment: end 1 is before start 2',
    );
    const parsed = parseResults(
      file({ abc: [{ label: 'X', score: 1, segment: [2, 2] }] }),
      'pred.json',
      'detection',
    );
    expect(parsed.warnings).toEqual([
      'pred.json: 1 zero-length segment (start = end; first at results.abc[0].segment)',
    ]);
  });
});
