import { describe, expect, it } from 'vitest';
import {
  classificationResults,
  detectionResults,
  proposalResults,
  serialiseResults,
  suggestionResults,
} from '../../../../main/formats/activitynetResults.ts';
import { parseResults } from '../../../../main/activitynet/parseResults.ts';
import type { ScoredSegment } from '../../../../shared/analysis/types.ts';

const seg = (label: string, score: number, startSec: number, endSec: number): ScoredSegment => ({
  label,
  score,
  startSec,
  endSec,
});

describe('serialiseResults', () => {
  const videos: [string, ScoredSegment[]][] = [
    ['v_b', [seg('Run', 0.5, 3, 4), seg('Jump', 0.9, 1.25, 2.5), seg('Run', 0.5, 0, 1)]],
    ['17', [seg('Swim', 0.1, 0, 10)]],
    ['a', []],
  ];

  it('writes sorted video ids (integer-like ones too) and entries by score, then start', () => {
    expect(serialiseResults(detectionResults(videos))).toBe(
      [
        '{',
        '  "version": "VERSION 1.3",',
        '  "results": {',
        '    "17": [',
        '      {"label": "Swim", "score": 0.1, "segment": [0, 10]}',
        '    ],',
        '    "a": [],',
        '    "v_b": [',
        '      {"label": "Jump", "score": 0.9, "segment": [1.25, 2.5]},',
        '      {"label": "Run", "score": 0.5, "segment": [0, 1]},',
        '      {"label": "Run", "score": 0.5, "segment": [3, 4]}',
        '    ]',
        '  },',
        '  "external_data": {"used": false, "details": ""}',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives the same text whatever the input order', () => {
    const shuffled: [string, ScoredSegment[]][] = [
      ['a', []],
      ['v_b', [seg('Run', 0.5, 0, 1), seg('Run', 0.5, 3, 4), seg('Jump', 0.9, 1.25, 2.5)]],
      ['17', [seg('Swim', 0.1, 0, 10)]],
    ];
    expect(serialiseResults(detectionResults(shuffled))).toBe(
      serialiseResults(detectionResults(videos)),
    );
  });

  it('keeps full precision (a 29.97 fps frame time reads back exactly)', () => {
    const startSec = (31 * 1001) / 30000;
    const text = serialiseResults(detectionResults([['x', [seg('Run', 1 / 3, startSec, 2)]]]));
    const parsed = parseResults(JSON.parse(text), 'out.json', 'detection');
    expect(parsed.videos[0]?.entries[0]?.segment.startSec).toBe(startSec);
    expect(parsed.videos[0]?.entries[0]?.score).toBe(1 / 3);
  });

  it('reads back with the ActivityNet parser for every task (required keys present)', () => {
    const detection = parseResults(
      JSON.parse(serialiseResults(detectionResults(videos))),
      'd.json',
      'detection',
    );
    expect(detection.version).toBe('VERSION 1.3');
    expect(detection.externalData).toEqual({ used: false, details: '' });
    expect(detection.videos.map((v) => v.videoId)).toEqual(['17', 'a', 'v_b']);

    const classificationText = serialiseResults(
      classificationResults([
        [
          'v1',
          [
            { label: 'Run', score: 0.25 },
            { label: 'Jump', score: 0.75 },
          ],
        ],
      ]),
    );
    expect(classificationText).toContain(
      '{"label": "Jump", "score": 0.75},\n      {"label": "Run", "score": 0.25}',
    );
    expect(classificationText).not.toContain('segment');
    expect(
      parseResults(JSON.parse(classificationText), 'c.json', 'classification').videos[0]?.entries,
    ).toEqual([
      { label: 'Jump', score: 0.75 },
      { label: 'Run', score: 0.25 },
    ]);

    const proposalText = serialiseResults(
      proposalResults([['v1', [{ startSec: 1, endSec: 2, score: 0.5 }]]]),
    );
    expect(proposalText).toContain('{"score": 0.5, "segment": [1, 2]}');
    expect(proposalText).not.toContain('label');
    expect(
      parseResults(JSON.parse(proposalText), 'p.json', 'proposals').videos[0]?.entries,
    ).toEqual([{ score: 0.5, segment: { startSec: 1, endSec: 2 } }]);
  });

  it('marks the suggested labelling with a key of its own, which the parser reads back', () => {
    const text = serialiseResults(suggestionResults(videos));
    expect(text).toBe(
      serialiseResults(detectionResults(videos)).replace(
        '"details": ""}\n}',
        '"details": ""},\n  "actionline": {"product": "suggestions"}\n}',
      ),
    );
    const json = JSON.parse(text) as Record<string, unknown>;
    // The three keys the official evaluator requires are all still there.
    expect(Object.keys(json)).toEqual(['version', 'results', 'external_data', 'actionline']);
    expect(parseResults(json, 's.json', 'detection').product).toBe('suggestions');
    const ranked = JSON.parse(serialiseResults(detectionResults(videos))) as object;
    expect(parseResults(ranked, 'd.json', 'detection').product).toBeUndefined();
  });

  it('writes an empty results object', () => {
    expect(serialiseResults(detectionResults([]))).toContain('  "results": {},\n');
  });

  it('rejects NaN and Infinity, naming the video and entry', () => {
    expect(() =>
      serialiseResults(detectionResults([['v1', [seg('Run', 0.5, 0, 1), seg('Run', NaN, 0, 1)]]])),
    ).toThrow('results["v1"][1].score: NaN is not a finite number');
    expect(() =>
      serialiseResults(detectionResults([['v1', [seg('Run', 0.5, 0, Infinity)]]])),
    ).toThrow('results["v1"][0].segment[1]: Infinity is not a finite number');
  });

  it('rejects a segment that ends before it starts, an empty label and a repeated video id', () => {
    expect(() => serialiseResults(detectionResults([['v1', [seg('Run', 0.5, 2, 1)]]]))).toThrow(
      /ends \(1\) before it starts \(2\)/,
    );
    expect(() => serialiseResults(detectionResults([['v1', [seg('', 0.5, 0, 1)]]]))).toThrow(
      /label/,
    );
    expect(() =>
      serialiseResults(
        detectionResults([
          ['v1', []],
          ['v1', []],
        ]),
      ),
    ).toThrow(/appears twice/);
  });
});
