import { describe, expect, it } from 'vitest';
import { evaluateDetection } from '../../../../main/eval/detection.ts';
import { parseGroundTruth } from '../../../../main/activitynet/parseGroundTruth.ts';
import { parseResults } from '../../../../main/activitynet/parseResults.ts';
import type { GroundTruthFile, ResultsFile } from '../../../../main/activitynet/types.ts';
import { randomCase, seededRandom } from '../../../crosscheck/randomCase.ts';

/** Properties over seeded random cases (tie-free scores), so a failure is reproducible by seed. */

const SEEDS = [1, 2, 3, 4, 5, 6];

function load(seed: number): { truth: GroundTruthFile; preds: ResultsFile<'detection'> } {
  const c = randomCase(seed, { videos: 40, classes: 5, predictions: 160 });
  return {
    truth: parseGroundTruth(c.gt, 'gt.json'),
    preds: parseResults(c.detection, 'pred.json', 'detection'),
  };
}

function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('detection properties', () => {
  it.each(SEEDS)('a perfect prediction scores 1 everywhere (seed %i)', (seed) => {
    const { truth } = load(seed);
    const videos = truth.videos
      .filter((v) => v.subset === 'validation')
      .map((v) => ({
        videoId: v.videoId,
        entries: v.annotations.map((a, i) => ({
          label: a.label,
          score: 1 - i / 100,
          segment: a.segment,
        })),
      }));
    const result = evaluateDetection(truth, {
      task: 'detection',
      version: '',
      externalData: {},
      videos,
      warnings: [],
    });
    expect(result.averageMAP).toBe(1);
    for (const c of result.apPerClass) expect(c.ap).toEqual(new Array(10).fill(1));
  });

  it.each(SEEDS)('shuffling videos and predictions (no ties) changes nothing (seed %i)', (seed) => {
    const { truth, preds } = load(seed);
    const rand = seededRandom(seed * 7919);
    const videos = shuffled(preds.videos, rand).map((v) => ({
      ...v,
      entries: shuffled(v.entries, rand),
    }));
    const before = evaluateDetection(truth, preds);
    const after = evaluateDetection(truth, { ...preds, videos });
    expect(after.apPerClass).toEqual(before.apPerClass);
    expect(after.averageMAP).toBe(before.averageMAP);
    expect(before.averageMAP).toBeGreaterThan(0); // the case is not trivially empty
  });

  it.each(SEEDS)('adding a false positive never raises any AP (seed %i)', (seed) => {
    const { truth, preds } = load(seed);
    const before = evaluateDetection(truth, preds);
    const rand = seededRandom(seed * 104729);
    for (const { label } of before.apPerClass) {
      // A video without ground truth of this class: whatever its score, the prediction cannot match.
      const host = truth.videos.find(
        (v) => v.subset === 'validation' && v.annotations.every((a) => a.label !== label),
      );
      if (!host) continue;
      const extra = { label, score: rand(), segment: { startSec: 0, endSec: 50 } };
      const videos = preds.videos.map((v) =>
        v.videoId === host.videoId ? { ...v, entries: [...v.entries, extra] } : v,
      );
      if (!videos.some((v) => v.videoId === host.videoId))
        videos.push({ videoId: host.videoId, entries: [extra] });
      const after = evaluateDetection(truth, { ...preds, videos });
      after.apPerClass.forEach((c, i) => {
        c.ap.forEach((ap, t) => expect(ap).toBeLessThanOrEqual(before.apPerClass[i]!.ap[t]!));
      });
    }
  });
});
