import { describe, expect, it } from 'vitest';
import { evaluateClassification } from '../../../../main/eval/classification.ts';
import { parseGroundTruth } from '../../../../main/activitynet/parseGroundTruth.ts';
import { parseResults } from '../../../../main/activitynet/parseResults.ts';
import { randomCase, seededRandom } from '../../../crosscheck/randomCase.ts';
import { classifications, gt } from './anetCase.ts';

const truth = gt({
  v1: { anns: [[0, 10, 'A']] },
  v2: {
    anns: [
      [0, 10, 'A'],
      [20, 30, 'B'],
      [40, 50, 'A'],
    ],
  }, // (v2, A) counts once
  v3: { anns: [[0, 10, 'B']] },
});
const preds = classifications({
  v1: [
    ['A', 0.9],
    ['B', 0.8],
  ],
  v2: [
    ['B', 0.7],
    ['A', 0.3],
  ],
  v3: [
    ['A', 0.6],
    ['B', 0.5],
  ],
});

describe('evaluateClassification, hand-computed', () => {
  it('computes AP per class over unique (video, label) pairs', () => {
    const result = evaluateClassification(truth, preds);
    // A: v1 .9 TP, v3 .6 FP, v2 .3 TP of 2 → .5·1 + .5·(2/3).
    // B: v1 .8 FP, v2 .7 TP, v3 .5 TP of 2 → .5·(2/3) + .5·(2/3).
    const apA = 0.5 + 0.5 * (2 / 3);
    const apB = 0.5 * (2 / 3) + 0.5 * (2 / 3);
    expect(result.apPerClass).toEqual([
      { label: 'A', ap: apA },
      { label: 'B', ap: apB },
    ]);
    expect(result.mAP).toBe((apA + apB) / 2);
    expect(result.counts).toEqual({ videos: 3, labels: 4, predictions: 6 });
  });

  it('computes hit@k and average hit@k', () => {
    // k=1: v1 A ✓, v2 B ✓ (1 of its 2 labels), v3 A ✗.
    const top1 = evaluateClassification(truth, preds, { topK: 1 });
    expect(top1.hitAtK).toBe(2 / 3);
    expect(top1.avgHitAtK).toBe((1 + 0.5 + 0) / 3);
    expect(top1.topK).toBe(1);
    const top2 = evaluateClassification(truth, preds, { topK: 2 });
    expect([top2.hitAtK, top2.avgHitAtK]).toEqual([1, 1]);
  });

  it('counts a second prediction of the same label on a video as a false positive', () => {
    const dup = classifications({
      v1: [
        ['A', 0.9],
        ['A', 0.85],
      ],
      v2: [['A', 0.8]],
    });
    // A: TP, FP, TP of 2 → .5·1 + .5·(2/3); B has no predictions → 0.
    const result = evaluateClassification(truth, dup);
    expect(result.apPerClass[0]!.ap).toBe(0.5 + 0.5 * (2 / 3));
    expect(result.apPerClass[1]!.ap).toBe(0);
  });

  it('scores a video without predictions 0 in hit@k', () => {
    const result = evaluateClassification(
      truth,
      classifications({ v1: [['A', 0.9]], v2: [['A', 0.9]] }),
    );
    expect(result.hitAtK).toBe(2 / 3);
    expect(result.warnings).toContain(
      '1 of 3 annotated videos of subset "validation" have no results',
    );
  });

  it('breaks score ties in the top-k by input order', () => {
    const one = gt({ v1: { anns: [[0, 10, 'A']] } });
    expect(
      evaluateClassification(
        one,
        classifications({
          v1: [
            ['B', 0.5],
            ['A', 0.5],
          ],
        }),
        { topK: 1 },
      ).hitAtK,
    ).toBe(0);
    expect(
      evaluateClassification(
        one,
        classifications({
          v1: [
            ['A', 0.5],
            ['B', 0.5],
          ],
        }),
        { topK: 1 },
      ).hitAtK,
    ).toBe(1);
  });

  it('lets a label unknown to the ground truth take its top-k slot, and warns', () => {
    const one = gt({ v1: { anns: [[0, 10, 'A']] } });
    const result = evaluateClassification(
      one,
      classifications({
        v1: [
          ['Zzz', 0.9],
          ['A', 0.5],
        ],
      }),
      { topK: 1 },
    );
    expect(result.hitAtK).toBe(0);
    expect(result.apPerClass).toEqual([{ label: 'A', ap: 1 }]);
    expect(
      result.warnings.some((w) =>
        w.startsWith('1 predictions carry 1 labels that no ground-truth instance'),
      ),
    ).toBe(true);
  });

  it('evaluates the chosen subset only', () => {
    const mixed = gt({
      v1: { anns: [[0, 10, 'A']] },
      t1: { subset: 'training', anns: [[0, 10, 'B']] },
    });
    const result = evaluateClassification(
      mixed,
      classifications({ v1: [['A', 0.9]], t1: [['B', 0.9]] }),
      { subset: 'training' },
    );
    expect(result.apPerClass).toEqual([{ label: 'B', ap: 1 }]);
    expect(result.hitAtK).toBe(1);
  });
});

describe('classification properties', () => {
  it.each([1, 2, 3])('a perfect prediction scores 1 (seed %i)', (seed) => {
    const c = randomCase(seed, { videos: 30, classes: 4, predictions: 0 });
    const truthFile = parseGroundTruth(c.gt, 'gt.json');
    const results = Object.fromEntries(
      truthFile.videos
        .filter((v) => v.subset === 'validation')
        .map((v) => [
          v.videoId,
          [...new Set(v.annotations.map((a) => a.label))].map((label, i) => ({
            label,
            score: 1 - i / 10,
          })),
        ]),
    );
    const perfect = parseResults(
      { version: '', external_data: {}, results },
      'pred.json',
      'classification',
    );
    const result = evaluateClassification(truthFile, perfect, { topK: 3 });
    expect([result.mAP, result.hitAtK, result.avgHitAtK]).toEqual([1, 1, 1]);
  });

  it.each([1, 2, 3])('shuffling tie-free predictions changes nothing (seed %i)', (seed) => {
    const c = randomCase(seed, { videos: 40, classes: 5, predictions: 200 });
    const truthFile = parseGroundTruth(c.gt, 'gt.json');
    const results = parseResults(c.classification, 'pred.json', 'classification');
    const rand = seededRandom(seed);
    const videos = [...results.videos]
      .reverse()
      .map((v) => ({ ...v, entries: [...v.entries].sort(() => rand() - 0.5) }));
    const before = evaluateClassification(truthFile, results);
    const after = evaluateClassification(truthFile, { ...results, videos });
    expect([after.mAP, after.hitAtK, after.avgHitAtK]).toEqual([
      before.mAP,
      before.hitAtK,
      before.avgHitAtK,
    ]);
  });
});
