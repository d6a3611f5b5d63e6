import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../../../../main/activitynet/readJsonFile.ts';
import { planImport } from '../../../../../main/formats/import/importFile.ts';

/** Validation before any write: every problem is one line naming the file and JSON path. */

const gt = (database: unknown, taxonomy: unknown = []) => ({
  version: 'VERSION 1.3',
  taxonomy,
  database,
});
const video = (annotations: unknown, extra: object = {}) => ({
  subset: 'validation',
  duration: 60,
  annotations,
  ...extra,
});
const results = (r: unknown) => ({ version: 'VERSION 1.3', external_data: {}, results: r });

function errorOf(json: unknown): string {
  try {
    planImport(json, 'in.json');
  } catch (err) {
    expect(err).toMatchObject({ code: 'BAD_FORMAT', file: 'in.json' });
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected an error');
}

describe('planImport', () => {
  it('maps ground truth and results to plans of their kind', () => {
    const plan = planImport(gt({ a: video([{ segment: [1, 2], label: 'Run' }]) }), 'in.json');
    expect(plan.kind).toBe('groundTruth');
    expect(plan.warnings).toEqual([]);
    const det = planImport(
      results({ a: [{ label: 'Run', score: 0.5, segment: [1, 2] }] }),
      'in.json',
    );
    expect(det.kind).toBe('detection');
  });

  it('names the path of wrong types, numbers as strings, and end before start', () => {
    expect(errorOf(gt({ abc: video([{ segment: ['12.5', 20], label: 'Run' }]) }))).toBe(
      'in.json: database.abc.annotations[0].segment: expected [start, end] numbers, got ["12.5", 20]',
    );
    expect(errorOf(gt({ abc: video([{}, {}, {}, { segment: [30, 20], label: 'Run' }]) }))).toBe(
      'in.json: database.abc.annotations[0].segment: expected [start, end] numbers, got nothing (missing)',
    );
    expect(
      errorOf(
        gt({
          abc: video([
            { segment: [1, 2], label: 'Run' },
            { segment: [30, 20], label: 'Run' },
          ]),
        }),
      ),
    ).toBe('in.json: database.abc.annotations[1].segment: end 20 is before start 30');
    expect(errorOf(results({ abc: [{ label: 'Run', score: '0.9', segment: [1, 2] }] }))).toBe(
      'in.json: results.abc[0].score: expected a finite number, got "0.9"',
    );
  });

  it('refuses numbers that overflow to Infinity and NaN tokens', () => {
    const overflow = parseJsonText(
      '{"version": "", "taxonomy": [], "database": {"a": {"subset": "x", "duration": 1e400, "annotations": []}}}',
      'in.json',
    );
    expect(errorOf(overflow)).toBe(
      'in.json: database.a.duration: expected a finite number, got Infinity',
    );
    const nan = parseJsonText(
      '{"version": "", "external_data": {}, "results": {"a": [{"label": "x", "score": NaN}]}}',
      'in.json',
    );
    expect(errorOf(nan)).toBe('in.json: results.a[0].score: expected a finite number, got NaN');
  });

  it('refuses empty ids and labels, unpaired surrogates and NUL characters', () => {
    expect(errorOf(gt({ '': video([]) }))).toBe('in.json: database[""]: empty video id');
    expect(errorOf(results({ a: [{ label: ' ', score: 1 }] }))).toBe(
      'in.json: results.a[0].label: empty label',
    );
    expect(errorOf(gt({ ['bad\ud800']: video([]) }))).toMatch(
      /^in\.json: database\["bad\\ud800"\]: video id holds an unpaired UTF-16 surrogate/,
    );
    expect(errorOf(gt({ a: video([], { url: 'x\u0000y' }) }))).toBe(
      'in.json: database.a.url: text holds a NUL character',
    );
  });

  it('requires integer taxonomy node ids (they are INTEGER columns)', () => {
    const node = { nodeId: 1.5, nodeName: 'Run', parentId: null, parentName: null };
    expect(errorOf(gt({}, [node]))).toBe(
      'in.json: taxonomy[0].nodeId: expected an integer, got 1.5',
    );
    expect(errorOf(gt({}, [{ ...node, nodeId: 1, parentId: 1e300 }]))).toBe(
      'in.json: taxonomy[0].parentId: expected an integer, got 1e+300',
    );
  });

  it('keeps odd but real data and warns once per kind', () => {
    const plan = planImport(
      gt(
        {
          a: video([
            { segment: [-1, 2], label: 'Run' },
            { segment: [5, 5], label: 'Run' },
            { segment: [50, 70], label: 'Swim' },
          ]),
        },
        [{ nodeId: 1, nodeName: 'Run', parentId: null, parentName: null }],
      ),
      'in.json',
    );
    expect(plan.warnings).toEqual([
      'in.json: 1 zero-length segment (start = end; first at database.a.annotations[1].segment)',
      'in.json: 1 segments start before 0 s (first at database.a.annotations[0].segment)',
      "in.json: 1 segments end after the video's duration (first at database.a.annotations[2].segment)",
      'in.json: 1 annotations have a label that the taxonomy lacks (first at database.a.annotations[2])',
    ]);
  });

  it('takes keys such as __proto__ and constructor as plain video ids', () => {
    const json = JSON.parse(
      '{"version": "", "external_data": {}, "results": {"__proto__": [{"label": "x", "score": 1}], "constructor": []}}',
    ) as unknown;
    const plan = planImport(json, 'in.json');
    if (plan.format !== 'activitynet') throw new Error(`read as ${plan.format}`);
    expect(plan.data.videos.map((v) => v.videoId)).toEqual(['__proto__', 'constructor']);
  });
});
