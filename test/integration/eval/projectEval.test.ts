import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateAgreement } from '../../../main/eval/agreement.ts';
import { evaluateRun } from '../../../main/eval/projectEval.ts';
import { reviewedVideoIds } from '../../../main/eval/projectGroundTruth.ts';
import { runSummaries } from '../../../main/eval/runSummaries.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../main/project/runs.ts';
import { segmentsInLayer } from '../../../main/project/segmentQueries.ts';
import {
  acceptSegments,
  addSegment,
  rejectSegments,
  updateSegment,
} from '../../../main/project/segmentEdits.ts';
import { confirmVideoLabel } from '../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../main/project/videos.ts';

/**
 * The in-app evaluation on a real project file built with the store's own functions.
 *
 * Run 1 predicts v1: Jump [50,60] .95 (alice rejects it), Jump [10,20] .9, Run [30,40] .7;
 * v2: Run [0,10] .6; v3 (nobody reviews it): Jump [0,5] .95. Alice accepts the rest.
 * Bob, on v1 only: Jump [10,20] resized to [12,20], Run [30,40] relabelled Walk, a manual
 * Jump [70,80].
 */
let project: Project;
let run1 = 0;
let perfectRun = 0;
let alice = 0;
let bob = 0;
const ten = (v: number) => new Array(10).fill(v);

function idOf(videoId: string, label: string, startSec: number, annotatorId: number | null) {
  const s = segmentsInLayer(project.db, videoId, annotatorId).find(
    (x) => x.label === label && x.startSec === startSec,
  );
  if (!s) throw new Error(`no ${label} at ${startSec} in ${videoId}`);
  return s.id;
}

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-eval-'));
  project = Project.open(path.join(dir, 'p.actionline'), { create: true });
  const db = project.db;
  alice = project.annotator('alice').id;
  bob = project.annotator('bob').id;
  for (const id of ['v1', 'v2', 'v3']) upsertVideo(db, { id, durationSec: 100 });
  run1 = createRun(db, { modelId: 'm', streams: [] });
  const p = (startSec: number, endSec: number, label: string, score: number) => ({
    startSec,
    endSec,
    label,
    score,
  });
  replacePredictions(
    db,
    run1,
    'v1',
    [p(50, 60, 'Jump', 0.95), p(10, 20, 'Jump', 0.9), p(30, 40, 'Run', 0.7)],
    [
      { label: 'Jump', score: 0.9 },
      { label: 'Run', score: 0.5 },
    ],
  );
  replacePredictions(
    db,
    run1,
    'v2',
    [p(0, 10, 'Run', 0.6)],
    [
      { label: 'Run', score: 0.8 },
      { label: 'Jump', score: 0.3 },
    ],
  );
  replacePredictions(db, run1, 'v3', [p(0, 5, 'Jump', 0.95)], [{ label: 'Jump', score: 0.9 }]);

  rejectSegments(db, alice, [idOf('v1', 'Jump', 50, alice)]);
  acceptSegments(db, alice, [idOf('v1', 'Jump', 10, alice), idOf('v1', 'Run', 30, alice)]);
  acceptSegments(db, alice, [idOf('v2', 'Run', 0, alice)]);
  confirmVideoLabel(db, alice, 'v1', 'Run');

  updateSegment(db, bob, idOf('v1', 'Jump', 10, bob), { startSec: 12 });
  updateSegment(db, bob, idOf('v1', 'Run', 30, bob), { label: 'Walk' });
  addSegment(db, bob, 'v1', { startSec: 70, endSec: 80, label: 'Jump' });

  // A run that predicts exactly alice's segments (added after her review: undecided by anyone).
  perfectRun = createRun(db, { modelId: 'perfect', streams: [] });
  replacePredictions(db, perfectRun, 'v1', [p(10, 20, 'Jump', 0.9), p(30, 40, 'Run', 0.7)], []);
  replacePredictions(db, perfectRun, 'v2', [p(0, 10, 'Run', 0.6)], []);
});
afterAll(() => project.close());

describe('evaluateRun', () => {
  it('counts only reviewed videos as ground truth', () => {
    expect(reviewedVideoIds(project.db, alice)).toEqual(['v1', 'v2']);
    expect(reviewedVideoIds(project.db, bob)).toEqual(['v1']);
    expect(reviewedVideoIds(project.db, null)).toEqual(['v1', 'v2']);
  });

  it('a run that predicts the corrected annotations exactly scores 1.0', () => {
    const result = evaluateRun(project.db, { runId: perfectRun, annotatorId: alice });
    expect(result.detection.mAP).toEqual(ten(1));
    expect(result.detection.averageMAP).toBe(1);
    expect(result.perVideo.map((v) => v.averageMAP)).toEqual([1, 1]);
  });

  it('a prediction the annotator rejected is a false positive', () => {
    const result = evaluateRun(project.db, { runId: run1, annotatorId: alice });
    expect(result.annotator).toBe('alice');
    expect(result.videoIds).toEqual(['v1', 'v2']);
    // Jump: the rejected .95 (FP) then .9 (TP) → precision 0, .5 at recall 0, 1 → AP .5.
    // Run: both TP → AP 1. v3's prediction is left out (unreviewed).
    const byLabel = Object.fromEntries(result.detection.perClass.map((c) => [c.label, c]));
    expect(byLabel.Jump).toMatchObject({ instances: 1, predictions: 2, ap: ten(0.5) });
    expect(byLabel.Jump!.averageAp).toBe(0.5);
    expect(byLabel.Run).toMatchObject({ instances: 2, predictions: 2, ap: ten(1) });
    expect(result.detection.mAP).toEqual(ten(0.75));
    expect(result.detection.averageMAP).toBe(0.75);
    expect(result.detection.counts).toEqual({ videos: 2, instances: 3, predictions: 4 });
    expect(result.warnings.some((w) => /1 unreviewed video/.test(w))).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/NaN/);
  });

  it('per video: AP over that video only', () => {
    const result = evaluateRun(project.db, { runId: run1, annotatorId: alice });
    expect(result.perVideo).toEqual([
      {
        videoId: 'v1',
        instances: 2,
        predictions: 3,
        mAP: ten(0.75),
        averageMAP: 0.75,
        truePositivesAt05: 2,
      },
      {
        videoId: 'v2',
        instances: 1,
        predictions: 1,
        mAP: ten(1),
        averageMAP: 1,
        truePositivesAt05: 1,
      },
    ]);
  });

  it('PR curves at tIoU 0.5, per class and pooled', () => {
    const result = evaluateRun(project.db, { runId: run1, annotatorId: alice });
    expect(result.prTiou).toBe(0.5);
    const jump = result.prCurves.find((c) => c.label === 'Jump')!;
    expect(jump.points).toEqual([
      { recall: 0, precision: 0 },
      { recall: 1, precision: 0.5 },
    ]);
    // Pooled by score: Jump .95 FP, Jump .9 TP, Run .7 TP, Run .6 TP over 3 instances.
    expect(result.prPooled.points).toEqual([
      { recall: 0, precision: 0 },
      { recall: 1 / 3, precision: 0.5 },
      { recall: 2 / 3, precision: 2 / 3 },
      { recall: 1, precision: 0.75 },
    ]);
  });

  it('classification: confirmed labels first, the labels of segments otherwise', () => {
    const result = evaluateRun(project.db, { runId: run1, annotatorId: alice });
    // v1 confirmed {Run}; v2 from segments {Run}. Run: v2 .8, v1 .5 both positive → AP 1.
    // hit@1: v1's top label is Jump (miss), v2's is Run (hit).
    expect(result.classification).toEqual({
      mAP: 1,
      hitAt1: 0.5,
      topK: 3,
      hitAtK: 1,
      avgHitAtK: 1,
      videos: 2,
      fromConfirmed: 1,
      fromSegments: 1,
      predictions: 4,
    });
  });

  it('every annotator together, and clear errors', () => {
    const result = evaluateRun(project.db, { runId: run1, annotatorId: null });
    expect(result.annotator).toBeNull();
    expect(result.detection.counts.instances).toBe(6);
    expect(() => evaluateRun(project.db, { runId: 99, annotatorId: alice })).toThrow(
      /no model run 99/,
    );
  });

  it('an annotator without reviewed videos gives nulls, not NaN', () => {
    const carol = project.annotator('carol').id;
    const result = evaluateRun(project.db, { runId: run1, annotatorId: carol });
    expect(result.detection.averageMAP).toBeNull();
    expect(result.detection.mAP).toEqual(new Array(10).fill(null));
    expect(result.classification.mAP).toBeNull();
    expect(result.prPooled.points).toEqual([]);
    expect(result.warnings[result.warnings.length - 1]).toMatch(/carol has reviewed no video/);
  });

  it('lists runs with their prediction counts', () => {
    expect(
      runSummaries(project.db).map((r) => [r.id, r.modelId, r.predictionCount, r.videoCount]),
    ).toEqual([
      [run1, 'm', 5, 3],
      [perfectRun, 'perfect', 3, 2],
    ]);
  });
});

describe('evaluateAgreement', () => {
  it('an annotator with themselves: 1 and zero offsets', () => {
    const result = evaluateAgreement(project.db, 'alice', 'alice');
    expect(result.symmetric.averageMAP).toBe(1);
    expect(result.aAsTruth.mAP).toEqual(ten(1));
    expect(result.offsets.pairs).toBe(3);
    expect(result.offsets.start).toEqual({ meanAbsSec: 0, medianAbsSec: 0, meanSignedSec: 0 });
  });

  it('alice against bob on the video both reviewed', () => {
    const result = evaluateAgreement(project.db, 'alice', 'bob');
    expect(result.videoIds).toEqual(['v1']);
    // Alice as truth: Jump [10,20] vs bob's [12,20] (tIoU .8) then [70,80]: AP 1 up to 0.8,
    // 0 above; Run has no prediction: 0. Bob as truth: Jump AP .5 up to 0.8; Walk 0.
    const forward = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0, 0, 0];
    expect(result.aAsTruth.mAP).toEqual(forward);
    expect(result.bAsTruth.mAP).toEqual(forward.map((m) => m / 2));
    expect(result.aAsTruth.averageMAP).toBeCloseTo(0.35, 12);
    expect(result.symmetric.averageMAP).toBeCloseTo((0.35 + 0.175) / 2, 12);
    expect(result.confusion).toEqual({
      rows: ['Jump', 'Run', 'Walk', null],
      columns: ['Jump', 'Run', 'Walk', null],
      counts: [
        [1, 0, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 0],
        [1, 0, 0, 0],
      ],
    });
    expect(result.offsets).toEqual({
      pairs: 1,
      start: { meanAbsSec: 2, medianAbsSec: 2, meanSignedSec: 2 },
      end: { meanAbsSec: 0, medianAbsSec: 0, meanSignedSec: 0 },
    });
    expect(result.offsetsPerClass.map((o) => o.label)).toEqual(['Jump']);
  });

  it('refuses an unknown annotator', () => {
    expect(() => evaluateAgreement(project.db, 'alice', 'nobody')).toThrow(/no annotator "nobody"/);
  });
});
