import { describe, expect, it } from 'vitest';
import { inputSizeOf } from '../../../../main/learn/contextInput.ts';
import { formatHeadMetrics } from '../../../../main/learn/formatHeadMetrics.ts';
import { standardisation } from '../../../../main/learn/standardisation.ts';
import {
  DEFAULT_HEAD_OPTIONS,
  REFIT_MAX_VIDEOS,
  trainHead,
} from '../../../../main/learn/trainHead.ts';
import type { TrainingSet } from '../../../../main/learn/types.ts';
import { syntheticTrainingSet } from '../../../fixtures/syntheticFeatures.ts';

// Three labels and background as Gaussian blobs in 64 dims: centres ~11 spreads apart along
// the line between any two (√(2·64) / 1 against a spread of 2 there), so a linear head can
// be right about 99.8% of the time and the 95% asserted leaves room for the snippets at a
// run's edge, whose context straddles two classes.
const set = syntheticTrainingSet({
  videos: 10,
  snippetsPerVideo: 300,
  dim: 64,
  labels: 3,
  noise: 2,
  seed: 11,
});
const options = { ...DEFAULT_HEAD_OPTIONS, seed: 3 };
const head = trainHead(set, options);

describe('training a head', () => {
  it('learns separable classes: high accuracy, precision and recall on held-out videos', () => {
    expect(head.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
    for (const c of head.metrics.perClass) {
      expect(c.count, c.label).toBeGreaterThan(0);
      expect(c.precision, c.label).toBeGreaterThanOrEqual(0.9);
      expect(c.recall, c.label).toBeGreaterThanOrEqual(0.9);
    }
    expect(head.classes).toEqual(['background', 'action1', 'action2', 'action3']);
    expect(head.inputSize).toBe(inputSizeOf(64, DEFAULT_HEAD_OPTIONS.contextSnippets));
    expect(head.weights).toHaveLength(head.inputSize * 4);
    expect(head.metrics.epochs).toBeGreaterThan(0);
    expect(head.metrics.epochs).toBeLessThanOrEqual(DEFAULT_HEAD_OPTIONS.maxEpochs);
  });

  it('learns from the features alone without context', () => {
    const alone = trainHead(set, { ...options, contextSnippets: 0 });
    expect(alone.inputSize).toBe(64);
    expect(alone.weights).toHaveLength(64 * 4);
    expect(alone.metrics.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('holds out whole videos: metrics count all their snippets, scaling sees none of them', () => {
    const heldOut = set.videos.filter((v) => head.metrics.heldOutVideoIds.includes(v.videoId));
    const train = set.videos.filter((v) => !head.metrics.heldOutVideoIds.includes(v.videoId));
    expect(heldOut).toHaveLength(2);
    expect(head.metrics.heldOutSnippets).toBe(heldOut.reduce((n, v) => n + v.targets.length, 0));
    expect(head.metrics.perClass.reduce((n, c) => n + c.count, 0)).toBe(
      head.metrics.heldOutSnippets,
    );
    // The measured head's scaling saw none of them (10 videos: refitted on all afterwards).
    const trainOnly = standardisation(train, set.dim, options.contextSnippets);
    expect(head.heldOutModel!.mean).toEqual(trainOnly.mean);
    expect(head.heldOutModel!.std).toEqual(trainOnly.std);
    const all = standardisation(set.videos, set.dim, options.contextSnippets);
    expect(head.mean).toEqual(all.mean);
  });

  it('is deterministic for a seed, and another seed holds out other videos', () => {
    const again = trainHead(set, options);
    expect(again.weights).toEqual(head.weights);
    expect(again.bias).toEqual(head.bias);
    expect(again.metrics).toEqual(head.metrics);
    const other = trainHead(set, { ...options, seed: 4, maxEpochs: 1 });
    expect(other.metrics.heldOutVideoIds).not.toEqual(head.metrics.heldOutVideoIds);
  });

  it('prints each class with its precision, recall and held-out count', () => {
    const text = formatHeadMetrics(head.metrics);
    for (const c of head.metrics.perClass) {
      expect(text).toMatch(
        new RegExp(`^${c.label} .*${(100 * c.recall).toFixed(1)}% +${c.count}$`, 'm'),
      );
    }
    expect(text).toMatch(/accuracy \d+\.\d% on \d+ held-out snippets of 2 video\(s\)/);
  });
});

describe('a training set it cannot learn from', () => {
  const tiny = (): TrainingSet => ({
    classes: ['background', 'jump'],
    dim: 2,
    videos: ['a', 'b'].map((videoId) => ({
      videoId,
      dim: 2,
      half: new Uint16Array(6),
      targets: Int32Array.of(0, 1, 0),
    })),
  });

  it('is refused with the reason', () => {
    const one = tiny();
    one.videos.pop();
    expect(() => trainHead(one)).toThrow(/1 reviewed video\(s\): it needs at least two/);
    const background = tiny();
    for (const v of background.videos) v.targets.fill(0);
    expect(() => trainHead(background)).toThrow(/no snippet .* is of any class/);
    const dims = tiny();
    dims.videos[1]!.dim = 3;
    expect(() => trainHead(dims)).toThrow(/"b" has 3 values a snippet where the set has 2/);
    const short = tiny();
    short.videos[0]!.half = new Uint16Array(5);
    expect(() => trainHead(short)).toThrow(/"a" has 5 feature values for 3 snippets of 2/);
    const label = tiny();
    label.videos[0]!.targets[1] = 2;
    expect(() => trainHead(label)).toThrow(/class 2, outside 0…1/);
  });
});

describe('a small set', () => {
  it('is fitted again on every video, the metrics kept from the head that never saw the held-out ones', () => {
    const small = syntheticTrainingSet({
      videos: 4,
      snippetsPerVideo: 120,
      dim: 16,
      labels: 2,
      noise: 2,
      seed: 4,
    });
    const refit = trainHead(small, options);
    expect(refit.metrics.refitOnVideos).toBe(4);
    expect(refit.heldOutModel).toBeDefined();
    expect(refit.weights).not.toEqual(refit.heldOutModel!.weights);
    // The metrics are the held-out head's: measured again with its numbers, they match.
    const measuredAgain = trainHead(small, options);
    expect(measuredAgain.metrics).toEqual(refit.metrics);
    expect(measuredAgain.weights).toEqual(refit.weights);
  });

  it('is not refitted past REFIT_MAX_VIDEOS videos', () => {
    const large = syntheticTrainingSet({
      videos: REFIT_MAX_VIDEOS + 1,
      snippetsPerVideo: 60,
      dim: 8,
      labels: 2,
      noise: 2,
      seed: 4,
    });
    const head = trainHead(large, options);
    expect(head.metrics.refitOnVideos).toBeUndefined();
    expect(head.heldOutModel).toBeUndefined();
  });
});
