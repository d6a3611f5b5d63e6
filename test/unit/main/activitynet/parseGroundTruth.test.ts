import { describe, expect, it } from 'vitest';
import { parseGroundTruth } from '../../../../main/activitynet/parseGroundTruth.ts';

const video = {
  subset: 'validation',
  duration: 224.49,
  resolution: '1920x1080',
  url: 'https://www.youtube.com/watch?v=bYUmtLBL7W4',
  annotations: [{ segment: [11.55, 57.07], label: 'Wakeboarding' }],
};
const valid = () => ({
  version: 'VERSION 1.3',
  taxonomy: [
    { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
    { nodeId: 1, nodeName: 'Wakeboarding', parentId: 0, parentName: 'Root' },
  ],
  database: { bYUmtLBL7W4: structuredClone(video) },
});

const errorOf = (json: unknown): string => {
  try {
    parseGroundTruth(json, 'gt.json');
  } catch (err) {
    expect(err).toMatchObject({ code: 'BAD_FORMAT', file: 'gt.json' });
    return (err as Error).message;
  }
  throw new Error('expected a BAD_FORMAT error');
};

describe('parseGroundTruth', () => {
  it('reads the ActivityNet v1.3 example of FORMATS.md', () => {
    const parsed = parseGroundTruth(valid(), 'gt.json');
    expect(parsed.version).toBe('VERSION 1.3');
    expect(parsed.taxonomy[1]).toEqual({
      nodeId: 1,
      nodeName: 'Wakeboarding',
      parentId: 0,
      parentName: 'Root',
    });
    expect(parsed.videos).toEqual([
      {
        videoId: 'bYUmtLBL7W4',
        subset: 'validation',
        durationSec: 224.49,
        resolution: '1920x1080',
        url: 'https://www.youtube.com/watch?v=bYUmtLBL7W4',
        annotations: [{ segment: { startSec: 11.55, endSec: 57.07 }, label: 'Wakeboarding' }],
      },
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('treats resolution and url as optional, and ignores unknown fields', () => {
    const json = valid();
    const v = json.database.bYUmtLBL7W4 as Record<string, unknown>;
    delete v.resolution;
    delete v.url;
    v.extra = 1;
    expect(parseGroundTruth(json, 'gt.json').videos[0]).not.toHaveProperty('url');
  });

  it('requires version, taxonomy and database', () => {
    const { taxonomy: _t, ...noTaxonomy } = valid();
    expect(errorOf(noTaxonomy)).toBe(
      'gt.json: taxonomy: missing (an ActivityNet ground-truth file has version, taxonomy and database)',
    );
    expect(errorOf([])).toBe('gt.json: expected an object, got an array of 0');
  });

  it('names the JSON path of a bad segment', () => {
    const json = valid();
    json.database.bYUmtLBL7W4.annotations.push({
      segment: [3] as unknown as number[],
      label: 'Wakeboarding',
    });
    expect(errorOf(json)).toBe(
      'gt.json: database.bYUmtLBL7W4.annotations[1].segment: expected [start, end] numbers, got an array of 1',
    );
    json.database.bYUmtLBL7W4.annotations[1]!.segment = [5, 4];
    expect(errorOf(json)).toBe(
      'gt.json: database.bYUmtLBL7W4.annotations[1].segment: end 4 is before start 5',
    );
    json.database.bYUmtLBL7W4.annotations[1]!.segment = ['5', 6] as unknown as number[];
    expect(errorOf(json)).toBe(
      'gt.json: database.bYUmtLBL7W4.annotations[1].segment: expected [start, end] numbers, got ["5", 6]',
    );
  });

  it('checks subset, duration, label and taxonomy types', () => {
    const json = valid();
    (json.database.bYUmtLBL7W4 as Record<string, unknown>).duration = -1;
    expect(errorOf(json)).toBe(
      'gt.json: database.bYUmtLBL7W4.duration: expected a duration ≥ 0, got -1',
    );
    const json2 = valid();
    (json2.database.bYUmtLBL7W4 as Record<string, unknown>).subset = undefined;
    expect(errorOf(json2)).toBe(
      'gt.json: database.bYUmtLBL7W4.subset: expected a string, got nothing (missing)',
    );
    const json3 = valid();
    (json3.database.bYUmtLBL7W4.annotations[0] as Record<string, unknown>).label = 7;
    expect(errorOf(json3)).toBe(
      'gt.json: database.bYUmtLBL7W4.annotations[0].label: expected a string, got 7',
    );
    const json4 = valid();
    (json4.taxonomy[1] as Record<string, unknown>).parentId = 'Root';
    expect(errorOf(json4)).toBe(
      'gt.json: taxonomy[1].parentId: expected a finite number, got "Root"',
    );
  });

  it('quotes video ids that are not plain in the path', () => {
    const json = {
      ...valid(),
      database: { 'a b.c': { ...structuredClone(video), annotations: {} } },
    };
    expect(errorOf(json)).toBe(
      'gt.json: database["a b.c"].annotations: expected an array, got an object',
    );
  });

  it('accepts zero-length segments with one warning per file', () => {
    const json = valid();
    json.database.bYUmtLBL7W4.annotations.push(
      { segment: [3, 3], label: 'Wakeboarding' },
      { segment: [4, 4], label: 'Wakeboarding' },
    );
    expect(parseGroundTruth(json, 'gt.json').warnings).toEqual([
      'gt.json: 2 zero-length segments (start = end; first at database.bYUmtLBL7W4.annotations[1].segment)',
    ]);
  });
});
