import { describe, expect, it } from 'vitest';
import { evaluateDetection } from '../../../../main/eval/detection.ts';
import { detections, gt } from './anetCase.ts';

const ten = (value: number | null) => new Array(10).fill(value);

describe('evaluateDetection, hand-computed', () => {
  it('scores a duplicate and a stray prediction as false positives and leaves a ground truth unmatched', () => {
    const truth = gt({
      v1: {
        anns: [
          [10, 20, 'Jump'],
          [30, 40, 'Jump'],
        ],
      },
    });
    const preds = detections({
      v1: [
        ['Jump', 0.9, 10, 20], // TP (tIoU 1)
        ['Jump', 0.8, 10, 20], // duplicate: its ground truth is taken, the other has tIoU 0 → FP
        ['Jump', 0.7, 50, 60], // overlaps nothing → FP
      ],
    });
    // recall .5 .5 .5, precision 1 .5 1/3 → AP = .5·1 + .5·0 (recall 1 never reached).
    const result = evaluateDetection(truth, preds);
    expect(result.apPerClass).toEqual([{ label: 'Jump', ap: ten(0.5) }]);
    expect(result.mAP).toEqual(ten(0.5));
    expect(result.averageMAP).toBe(0.5);
  });

  it('matches at each threshold on its own: tIoU 0.8 passes 0.5…0.8 and fails 0.85…0.95', () => {
    const result = evaluateDetection(
      gt({ v1: { anns: [[0, 10, 'Jump']] } }),
      detections({ v1: [['Jump', 0.9, 0, 8]] }),
    );
    expect(result.mAP).toEqual([1, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    expect(result.averageMAP).toBe(0.7);
  });

  it('passes the 9th threshold with tIoU 0.8999999999999999 (np.linspace gives that, not 0.9)', () => {
    const result = evaluateDetection(
      gt({ v1: { anns: [[0, 1, 'Jump']] } }),
      detections({ v1: [['Jump', 0.9, 0, 0.8999999999999999]] }),
    );
    expect(result.mAP).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
  });

  it('walks to the next-best ground truth when the best one is taken', () => {
    const truth = gt({
      v1: {
        anns: [
          [0, 10, 'Jump'],
          [3, 13, 'Jump'],
        ],
      },
    });
    const preds = detections({
      v1: [
        ['Jump', 0.9, 0, 10], // takes the first (tIoU 1)
        ['Jump', 0.8, 1, 11], // first: 9/11 but taken; second: 8/12 = .667 → TP up to 0.65, FP from 0.7
      ],
    });
    const result = evaluateDetection(truth, preds);
    expect(result.mAP).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    // Pairwise mean of ten values: ((1+1)+(1+1)) + ((.5+.5)+(.5+.5)) + .5 + .5 = 7 → 0.7.
    expect(result.averageMAP).toBe(0.7);
  });

  it('gives a class without predictions AP 0 and still averages over it', () => {
    const truth = gt({
      v1: {
        anns: [
          [0, 10, 'Jump'],
          [20, 30, 'Run'],
        ],
      },
    });
    const result = evaluateDetection(truth, detections({ v1: [['Jump', 0.9, 0, 10]] }));
    expect(result.apPerClass).toEqual([
      { label: 'Jump', ap: ten(1) },
      { label: 'Run', ap: ten(0) },
    ]);
    expect(result.mAP).toEqual(ten(0.5));
    expect(result.warnings).toContain('1 of 2 classes have no predictions (AP 0): "Run"');
  });

  it('evaluates one subset: predictions on videos of another subset are false positives', () => {
    const truth = gt({
      v1: { anns: [[0, 10, 'Jump']] },
      v2: { anns: [[0, 10, 'Jump']] }, // no predictions: its instance stays unmatched
      v3: { subset: 'training', anns: [[0, 10, 'Jump']] },
    });
    const preds = detections({ v1: [['Jump', 0.9, 0, 10]], v3: [['Jump', 0.95, 0, 10]] });
    // validation: FP (v3) then TP (v1) of 2 → recall 0 .5, precision 0 .5 → AP = .5·.5 = .25.
    const validation = evaluateDetection(truth, preds);
    expect(validation.mAP).toEqual(ten(0.25));
    expect(validation.counts).toEqual({ videos: 2, instances: 2, predictions: 2 });
    expect(
      validation.warnings.some((w) =>
        w.startsWith('1 results videos (1 entries) are not in subset "validation"'),
      ),
    ).toBe(true);
    expect(validation.warnings).toContain(
      '1 of 2 annotated videos of subset "validation" have no results',
    );
    // training: TP (v3) then FP (v1) of 1 → AP 1.
    expect(evaluateDetection(truth, preds, { subset: 'training' }).mAP).toEqual(ten(1));
  });

  it('leaves out excluded videos from ground truth and predictions', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'Jump']] }, v2: { anns: [[0, 10, 'Jump']] } });
    const preds = detections({ v1: [['Jump', 0.9, 0, 10]], v2: [['Jump', 0.95, 50, 60]] });
    expect(evaluateDetection(truth, preds).mAP).toEqual(ten(0.5 * 0.5));
    expect(evaluateDetection(truth, preds, { excludedVideoIds: ['v2'] }).mAP).toEqual(ten(1));
  });

  it('ignores a label the ground truth does not have (the official code raises KeyError) and says so', () => {
    const truth = gt({
      v1: { anns: [[0, 10, 'Jump']] },
      v2: { subset: 'training', anns: [[0, 10, 'Swim']] },
    });
    const result = evaluateDetection(
      truth,
      detections({
        v1: [
          ['Jump', 0.5, 0, 10],
          ['Swim', 0.9, 0, 10],
          ['Fly', 0.8, 0, 10],
        ],
      }),
    );
    expect(result.mAP).toEqual(ten(1));
    expect(result.apPerClass.map((c) => c.label)).toEqual(['Jump']);
    expect(
      result.warnings.some((w) =>
        w.startsWith(
          '2 predictions carry 2 labels that no ground-truth instance of subset "validation" has ("Swim", "Fly")',
        ),
      ),
    ).toBe(true);
  });

  it('scores v_-prefixed ids as the official code does (no match) unless matchVPrefix is set', () => {
    const truth = gt({ abc: { anns: [[0, 10, 'Jump']] }, def: { anns: [[0, 10, 'Jump']] } });
    const preds = detections({ v_abc: [['Jump', 0.9, 0, 10]], v_def: [['Jump', 0.8, 0, 10]] });
    const official = evaluateDetection(truth, preds);
    expect(official.mAP).toEqual(ten(0));
    expect(official.warnings[0]).toMatch(
      /^2 results video ids differ from ground-truth ids only by a "v_" prefix \(e\.g\. "v_abc" vs "abc"\)/,
    );
    const matched = evaluateDetection(truth, preds, { matchVPrefix: true });
    expect(matched.mAP).toEqual(ten(1));
    expect(matched.warnings[0]).toMatch(/matched to the ground-truth ids/);
  });

  it('matches a zero-length prediction to a zero-length ground truth through tIoU 0/0 = NaN, like the official code', () => {
    const truth = gt({ v1: { anns: [[5, 5, 'Jump']] } });
    const result = evaluateDetection(truth, detections({ v1: [['Jump', 0.9, 7, 7]] }));
    expect(result.mAP).toEqual(ten(1));
    expect(
      result.warnings.some((w) =>
        w.startsWith('1 zero-length predictions matched a zero-length ground truth'),
      ),
    ).toBe(true);
    // A zero-length prediction never matches a normal ground truth (tIoU 0).
    expect(
      evaluateDetection(
        gt({ v1: { anns: [[0, 10, 'Jump']] } }),
        detections({ v1: [['Jump', 0.9, 5, 5]] }),
      ).mAP,
    ).toEqual(ten(0));
  });

  it('breaks score ties by input order', () => {
    const truth = gt({ v1: { anns: [[0, 10, 'Jump']] } });
    // Same score: the earlier prediction is ranked first.
    const tpFirst = evaluateDetection(
      truth,
      detections({
        v1: [
          ['Jump', 0.5, 0, 10],
          ['Jump', 0.5, 50, 60],
        ],
      }),
    );
    const fpFirst = evaluateDetection(
      truth,
      detections({
        v1: [
          ['Jump', 0.5, 50, 60],
          ['Jump', 0.5, 0, 10],
        ],
      }),
    );
    expect(tpFirst.mAP).toEqual(ten(1));
    expect(fpFirst.mAP).toEqual(ten(0.5));
  });

  it('reports undefined numbers as null for a subset without annotations', () => {
    const truth = gt({ v1: { subset: 'testing', anns: [] }, v2: { anns: [[0, 10, 'Jump']] } });
    const result = evaluateDetection(truth, detections({ v2: [['Jump', 0.9, 0, 10]] }), {
      subset: 'testing',
    });
    expect(result.mAP).toEqual(ten(null));
    expect(result.averageMAP).toBeNull();
    expect(result.warnings[0]).toBe(
      'subset "testing" has no annotated videos (subsets in the ground truth: "testing", "validation"); every metric is undefined',
    );
  });
});
