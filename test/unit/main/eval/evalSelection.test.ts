import { describe, expect, it } from 'vitest';
import { selectGroundTruth, selectPredictions } from '../../../../main/eval/evalSelection.ts';
import { detections, gt, proposals } from './anetCase.ts';

const truth = gt({
  b: {
    anns: [
      [0, 1, 'Run'],
      [2, 3, 'Jump'],
    ],
  },
  a: { anns: [[0, 1, 'Jump']] },
  e: { anns: [] },
  t: { subset: 'training', anns: [[0, 1, 'Swim']] },
});

describe('selectGroundTruth', () => {
  it('keeps the subset in file order, classes in order of first appearance', () => {
    const sel = selectGroundTruth(truth);
    expect(sel.classes).toEqual(['Run', 'Jump']);
    expect(sel.videoIds).toEqual(['b', 'a']); // e has no annotations, as in the official video list
    expect([...sel.subsetVideoIds]).toEqual(['b', 'a', 'e']);
    expect(sel.instances).toHaveLength(3);
    expect(selectGroundTruth(truth, { subset: 'training' }).classes).toEqual(['Swim']);
  });

  it('drops excluded videos', () => {
    const sel = selectGroundTruth(truth, { excludedVideoIds: ['b'] });
    expect(sel.classes).toEqual(['Jump']);
    expect(sel.videoIds).toEqual(['a']);
  });
});

describe('selectPredictions', () => {
  it('counts v_ prefix mismatches in both directions and matches them only when asked', () => {
    const sel = selectGroundTruth(
      gt({ abc: { anns: [[0, 1, 'A']] }, v_def: { anns: [[0, 1, 'A']] } }),
    );
    const preds = detections({
      v_abc: [['A', 1, 0, 1]],
      def: [['A', 1, 0, 1]],
      other: [['A', 1, 0, 1]],
    });
    const plain = selectPredictions(preds, sel);
    expect(plain.videos.map((v) => v.videoId)).toEqual(['v_abc', 'def', 'other']);
    expect(plain.warnings[0]).toMatch(
      /^2 results video ids differ from ground-truth ids only by a "v_" prefix/,
    );
    expect(plain.warnings[1]).toBe(
      '3 results videos (3 entries) are not in subset "validation" of the ground truth; as in the official code they count as false positives',
    );
    const matched = selectPredictions(preds, sel, { matchVPrefix: true });
    expect(matched.videos.map((v) => v.videoId)).toEqual(['abc', 'v_def', 'other']);
    expect(matched.warnings[1]).toMatch(/^1 results videos \(1 entries\) are not in subset/);
  });

  it('merges the entries of "x" and "v_x" when both appear and matching is on', () => {
    const sel = selectGroundTruth(gt({ x: { anns: [[0, 1, 'A']] } }));
    const preds = detections({ x: [['A', 0.5, 0, 1]], v_x: [['A', 0.7, 0, 1]] });
    const matched = selectPredictions(preds, sel, { matchVPrefix: true });
    expect(matched.videos).toHaveLength(1);
    expect(matched.videos[0]!.entries.map((e) => e.score)).toEqual([0.5, 0.7]);
  });

  it('drops excluded videos and counts the rest (proposals outside the subset still count in P)', () => {
    const sel = selectGroundTruth(truth);
    const preds = proposals({
      a: [[1, 0, 1]],
      t: [
        [1, 0, 1],
        [1, 0, 1],
      ],
      b: [[1, 0, 1]],
    });
    const result = selectPredictions(preds, sel, { excludedVideoIds: ['b'] });
    expect(result.entryCount).toBe(3);
    expect(result.warnings).toEqual([
      '1 results videos (2 entries) are not in subset "validation" of the ground truth; as in the official code they count in the total number of proposals that sets the per-video budget',
      '1 of 2 annotated videos of subset "validation" have no results',
    ]);
  });
});
