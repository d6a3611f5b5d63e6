import type { DatabaseSync } from 'node:sqlite';
import type {
  ClassificationSummary,
  PrCurveData,
  RunEvaluation,
  VideoDetectionRow,
} from '../../shared/eval/evalTypes.ts';
import { ActionlineError } from '../base/errors.ts';
import { resultsText } from '../formats/export/resultsExport.ts';
import { parseResults } from '../activitynet/parseResults.ts';
import { parseJsonText } from '../activitynet/readJsonFile.ts';
import type {
  GroundTruthFile,
  ResultsFile,
  ResultsTask,
  SegmentSec,
} from '../activitynet/types.ts';
import { evaluateClassification } from './classification.ts';
import { detectionClassHits, evaluateDetection, type ScoredSegment } from './detection.ts';
import { detectionSummary } from './detectionSummary.ts';
import { pooledHits, prPoints, type RankedHit } from './prPoints.ts';
import {
  confirmedLabels,
  EVAL_SUBSET,
  layerGroundTruth,
  REVIEWED_RULE,
  reviewedVideoIds,
} from './projectGroundTruth.ts';
import { ANET_TIOU_THRESHOLDS } from './tiouThresholds.ts';

/**
 * A model run against the corrected annotations of a project.
 *
 * Ground truth: one annotator's layer (null: every annotator's), on the videos they have
 * reviewed (projectGroundTruth.ts). Predictions: every shared predicted segment of the run on
 * those videos, including the ones the annotator later rejected or changed — the model's
 * output as it was, so a rejected prediction is a false positive. Detection as ActivityNet
 * (evaluateDetection); per video, the same over that video's segments only (mAP over the
 * classes annotated there). Classification: the run's predicted video labels against the
 * annotator's confirmed labels of each video, or the labels of their segments where they
 * confirmed none.
 */
export interface RunEvalOptions {
  runId: number;
  /** Ground-truth layer; null: every annotator's work together. */
  annotatorId: number | null;
  /** k of hit@k (default 3). */
  topK?: number;
}

export function evaluateRun(db: DatabaseSync, options: RunEvalOptions): RunEvaluation {
  const { runId, annotatorId } = options;
  if (!db.prepare('SELECT 1 FROM model_runs WHERE id = ?').get(runId)) {
    throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
  }
  const annotator = annotatorName(db, annotatorId);
  const videoIds = reviewedVideoIds(db, annotatorId);
  const reviewed = new Set(videoIds);
  const gt = layerGroundTruth(db, annotatorId, videoIds);
  const warnings: string[] = [];
  const detections = runResults(db, runId, 'detection', reviewed, warnings);
  const { summary, evaluation } = detectionSummary(gt, detections);
  warnings.push(...evaluation.warnings);

  const curves = prCurves(gt, detections, summary.perClass);
  return {
    runId,
    annotator,
    groundTruthRule: REVIEWED_RULE,
    videoIds,
    detection: summary,
    perVideo: perVideoRows(gt, detections, curves.truePositivesByVideo),
    classification: classificationSummary(db, options, gt, reviewed, warnings),
    prTiou: ANET_TIOU_THRESHOLDS[0]!,
    prCurves: curves.perClass,
    prPooled: curves.pooled,
    // With nothing reviewed, every metric's own warning says the same thing less clearly.
    warnings:
      videoIds.length > 0
        ? warnings
        : [`${annotator ?? 'no annotator'} has reviewed no video yet; nothing to evaluate`],
  };
}

function annotatorName(db: DatabaseSync, annotatorId: number | null): string | null {
  if (annotatorId === null) return null;
  const row = db.prepare('SELECT name FROM annotators WHERE id = ?').get(annotatorId) as
    { name: string } | undefined;
  if (!row)
    throw new ActionlineError('BAD_ARGUMENT', `no annotator ${annotatorId} in this project`);
  return row.name;
}

/**
 * The run's results file exactly as `actionline export --format activitynet-results --run`
 * writes it (so ties in score fall in the same order as for `actionline eval`), limited to
 * the reviewed videos.
 */
function runResults<T extends 'detection' | 'classification'>(
  db: DatabaseSync,
  runId: number,
  task: T,
  reviewed: ReadonlySet<string>,
  warnings: string[],
): ResultsFile<T> {
  const exported = resultsText(db, { runId, task: task as ResultsTask });
  warnings.push(...exported.warnings);
  const file = parseResults(parseJsonText(exported.text, 'run'), 'run', task);
  const kept = file.videos.filter((v) => reviewed.has(v.videoId));
  const leftOut = file.videos.length - kept.length;
  if (leftOut > 0) {
    const what = task === 'detection' ? 'predicted segments' : 'predicted video labels';
    warnings.push(`${what} of ${leftOut} unreviewed video(s) left out`);
  }
  return { ...file, videos: kept, warnings: [] };
}

function perVideoRows(
  gt: GroundTruthFile,
  results: ResultsFile<'detection'>,
  truePositives: ReadonlyMap<string, number>,
): VideoDetectionRow[] {
  const resultsById = new Map(results.videos.map((v) => [v.videoId, v]));
  return gt.videos.map((video) => {
    const own = resultsById.get(video.videoId);
    const evaluation = evaluateDetection(
      { ...gt, videos: [video] },
      { ...results, videos: own ? [own] : [] },
      { subset: EVAL_SUBSET },
    );
    return {
      videoId: video.videoId,
      instances: video.annotations.length,
      predictions: own?.entries.length ?? 0,
      mAP: evaluation.mAP,
      averageMAP: evaluation.averageMAP,
      truePositivesAt05: truePositives.get(video.videoId) ?? 0,
    };
  });
}

/** PR curves at tIoU 0.5 per ground-truth class and pooled; true positives per video. */
function prCurves(
  gt: GroundTruthFile,
  results: ResultsFile<'detection'>,
  perClass: readonly { label: string; ap: number[] }[],
): { perClass: PrCurveData[]; pooled: PrCurveData; truePositivesByVideo: Map<string, number> } {
  const threshold = [ANET_TIOU_THRESHOLDS[0]!];
  const gtByLabel = new Map<string, { videoId: string; segment: SegmentSec }[]>();
  for (const video of gt.videos) {
    for (const a of video.annotations) {
      const list = gtByLabel.get(a.label) ?? [];
      list.push({ videoId: video.videoId, segment: a.segment });
      gtByLabel.set(a.label, list);
    }
  }
  const predsByLabel = new Map<string, ScoredSegment[]>();
  for (const video of results.videos) {
    for (const e of video.entries) {
      const list = predsByLabel.get(e.label) ?? [];
      list.push({ videoId: video.videoId, score: e.score, segment: e.segment });
      predsByLabel.set(e.label, list);
    }
  }
  const truePositivesByVideo = new Map<string, number>();
  const ranked: RankedHit[][] = [];
  const curves = perClass.map((c): PrCurveData => {
    const truth = gtByLabel.get(c.label) ?? [];
    const preds = predsByLabel.get(c.label) ?? [];
    const { hits, order } = detectionClassHits(truth, preds, threshold);
    const hit = hits[0]!;
    ranked.push(order.map((p, rank) => ({ score: preds[p]!.score, hit: hit[rank] === 1 })));
    order.forEach((p, rank) => {
      if (!hit[rank]) return;
      const videoId = preds[p]!.videoId;
      truePositivesByVideo.set(videoId, (truePositivesByVideo.get(videoId) ?? 0) + 1);
    });
    return {
      label: c.label,
      points: prPoints(hit, truth.length),
      ap: c.ap[0] ?? null,
      instances: truth.length,
      predictions: preds.length,
    };
  });
  // Predictions of classes nobody annotated are false positives in the pooled curve too.
  for (const [label, preds] of predsByLabel) {
    if (!gtByLabel.has(label)) ranked.push(preds.map((p) => ({ score: p.score, hit: false })));
  }
  const instances = [...gtByLabel.values()].reduce((n, l) => n + l.length, 0);
  const pooled = pooledHits(ranked);
  return {
    perClass: curves,
    pooled: {
      label: null,
      points: prPoints(pooled, instances),
      ap: null,
      instances,
      predictions: pooled.length,
    },
    truePositivesByVideo,
  };
}

function classificationSummary(
  db: DatabaseSync,
  options: RunEvalOptions,
  gt: GroundTruthFile,
  reviewed: ReadonlySet<string>,
  warnings: string[],
): ClassificationSummary {
  const topK = options.topK ?? 3;
  const confirmed = confirmedLabels(db, options.annotatorId);
  let fromConfirmed = 0;
  let fromSegments = 0;
  const videos = gt.videos.map((video) => {
    let labels = confirmed.get(video.videoId);
    if (labels) fromConfirmed++;
    else {
      labels = [...new Set(video.annotations.map((a) => a.label))];
      if (labels.length > 0) fromSegments++;
    }
    const annotations = labels.map((label) => ({ label, segment: { startSec: 0, endSec: 0 } }));
    return { ...video, annotations };
  });
  const truth: GroundTruthFile = { ...gt, videos };
  const results = runResults(db, options.runId, 'classification', reviewed, []);
  const at = (k: number) =>
    evaluateClassification(truth, results, { subset: EVAL_SUBSET, topK: k });
  const main = at(topK);
  warnings.push(...main.warnings.map((w) => `classification: ${w}`));
  return {
    mAP: main.mAP,
    hitAt1: at(1).hitAtK,
    topK,
    hitAtK: main.hitAtK,
    avgHitAtK: main.avgHitAtK,
    videos: main.counts.videos,
    fromConfirmed,
    fromSegments,
    predictions: main.counts.predictions,
  };
}
