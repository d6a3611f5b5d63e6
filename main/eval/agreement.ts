import type { DatabaseSync } from 'node:sqlite';
import type {
  AgreementResult,
  BoundaryOffsets,
  ConfusionTable,
  OffsetStats,
} from '../../shared/eval/evalTypes.ts';
import { ActionlineError } from '../base/errors.ts';
import { findAnnotator } from '../project/annotators.ts';
import { detectionResults } from '../formats/activitynetResults.ts';
import type { GroundTruthAnnotation, GroundTruthFile, ResultsFile } from '../activitynet/types.ts';
import { detectionSummary } from './detectionSummary.ts';
import { compareCodePoints, finiteOrNull, numpyMean } from './numpyArithmetic.ts';
import { layerGroundTruth, REVIEWED_RULE, reviewedVideoIds } from './projectGroundTruth.ts';
import { segmentTiou } from './segmentTiou.ts';

/**
 * Annotator A against annotator B on the videos both reviewed.
 *
 * Detection: A's layer as ground truth, B's segments as predictions with score 1, and the
 * other way round. All scores being equal, ranks follow the input order (rankOrder.ts): B's
 * segments by video id, start, end, label, as the ground-truth export lists them. So the
 * matching is greedy in time order, and AP reads as "how much of A does B cover, and how
 * much of B is in A" rather than a ranking quality; the symmetric numbers average both
 * directions.
 *
 * Confusion and offsets: in each video, pairs of an A and a B segment with tIoU ≥ 0.5
 * regardless of label are matched one to one, best tIoU first (ties: B's then A's order), so
 * each B segment is matched to A's best-overlapping segment still free. Label pairs are
 * counted; an unmatched segment counts against "none". Matched pairs of the same label give
 * the boundary offsets B − A in seconds.
 */
export const MATCH_TIOU = 0.5;

export function evaluateAgreement(
  db: DatabaseSync,
  annotatorA: string,
  annotatorB: string,
): AgreementResult {
  const a = requireAnnotator(db, annotatorA);
  const b = requireAnnotator(db, annotatorB);
  const reviewedByB = new Set(reviewedVideoIds(db, b.id));
  const videoIds = reviewedVideoIds(db, a.id).filter((id) => reviewedByB.has(id));
  const gtA = layerGroundTruth(db, a.id, videoIds);
  const gtB = layerGroundTruth(db, b.id, videoIds);
  const forward = detectionSummary(gtA, asPredictions(gtB));
  const backward = detectionSummary(gtB, asPredictions(gtA));
  const mean = (x: number | null, y: number | null) =>
    x === null || y === null ? null : (x + y) / 2;
  const warnings = [
    ...forward.evaluation.warnings.map((w) => `${a.name} as ground truth: ${w}`),
    ...backward.evaluation.warnings.map((w) => `${b.name} as ground truth: ${w}`),
  ];
  if (videoIds.length === 0) {
    warnings.unshift(`no video was reviewed by both ${a.name} and ${b.name}`);
  }
  const matched = matchSegments(gtA, gtB);
  return {
    annotatorA: a.name,
    annotatorB: b.name,
    groundTruthRule: REVIEWED_RULE,
    videoIds,
    aAsTruth: forward.summary,
    bAsTruth: backward.summary,
    symmetric: {
      mAP: forward.summary.mAP.map((m, t) => mean(m, backward.summary.mAP[t] ?? null)),
      averageMAP: mean(forward.summary.averageMAP, backward.summary.averageMAP),
    },
    confusion: confusionTable(matched),
    matchTiou: MATCH_TIOU,
    offsets: boundaryOffsets(matched.pairs),
    offsetsPerClass: [...new Set(matched.pairs.filter(sameLabel).map((p) => p.a.label))]
      .sort(compareCodePoints)
      .map((label) => ({
        label,
        ...boundaryOffsets(matched.pairs.filter((p) => p.a.label === label)),
      })),
    warnings,
  };
}

function requireAnnotator(db: DatabaseSync, name: string) {
  const found = findAnnotator(db, name);
  if (!found) throw new ActionlineError('BAD_ARGUMENT', `no annotator "${name}" in this project`);
  return found;
}

/** A layer's segments as detection results, every score 1, in the layer's order. */
export function asPredictions(layer: GroundTruthFile): ResultsFile<'detection'> {
  return detectionResults(
    layer.videos.map((v) => [
      v.videoId,
      v.annotations.map((ann) => ({ ...ann.segment, label: ann.label, score: 1 })),
    ]),
  );
}

export interface MatchedPair {
  a: GroundTruthAnnotation;
  b: GroundTruthAnnotation;
}

export interface SegmentMatching {
  pairs: MatchedPair[];
  unmatchedA: GroundTruthAnnotation[];
  unmatchedB: GroundTruthAnnotation[];
}

/** One-to-one matching of A's and B's segments per video, best tIoU first, label-blind. */
export function matchSegments(gtA: GroundTruthFile, gtB: GroundTruthFile): SegmentMatching {
  const bById = new Map(gtB.videos.map((v) => [v.videoId, v.annotations]));
  const result: SegmentMatching = { pairs: [], unmatchedA: [], unmatchedB: [] };
  const seen = new Set<string>();
  for (const video of gtA.videos) {
    seen.add(video.videoId);
    matchVideo(video.annotations, bById.get(video.videoId) ?? [], result);
  }
  for (const video of gtB.videos) {
    if (!seen.has(video.videoId)) matchVideo([], video.annotations, result);
  }
  return result;
}

function matchVideo(
  aSegments: readonly GroundTruthAnnotation[],
  bSegments: readonly GroundTruthAnnotation[],
  into: SegmentMatching,
): void {
  const candidates: { i: number; j: number; tiou: number }[] = [];
  bSegments.forEach((b, j) =>
    aSegments.forEach((a, i) => {
      const tiou = segmentTiou(b.segment, a.segment);
      if (tiou >= MATCH_TIOU) candidates.push({ i, j, tiou });
    }),
  );
  // Stable sort: equal tIoU keeps B's order, then A's.
  candidates.sort((x, y) => y.tiou - x.tiou);
  const usedA = new Uint8Array(aSegments.length);
  const usedB = new Uint8Array(bSegments.length);
  for (const { i, j } of candidates) {
    if (usedA[i] || usedB[j]) continue;
    usedA[i] = 1;
    usedB[j] = 1;
    into.pairs.push({ a: aSegments[i]!, b: bSegments[j]! });
  }
  aSegments.forEach((a, i) => usedA[i] || into.unmatchedA.push(a));
  bSegments.forEach((b, j) => usedB[j] || into.unmatchedB.push(b));
}

/** Rows: A's label (null: none); columns: B's label (null: none); both the sorted union of labels. */
export function confusionTable(matching: SegmentMatching): ConfusionTable {
  const labels = new Set<string>();
  for (const p of matching.pairs) labels.add(p.a.label).add(p.b.label);
  for (const s of [...matching.unmatchedA, ...matching.unmatchedB]) labels.add(s.label);
  const axis: (string | null)[] = [...[...labels].sort(compareCodePoints), null];
  const index = new Map(axis.map((l, i) => [l, i]));
  const counts = axis.map(() => axis.map(() => 0));
  const count = (rowLabel: string | null, columnLabel: string | null) =>
    counts[index.get(rowLabel)!]![index.get(columnLabel)!]!++;
  for (const p of matching.pairs) count(p.a.label, p.b.label);
  for (const s of matching.unmatchedA) count(s.label, null);
  for (const s of matching.unmatchedB) count(null, s.label);
  return { rows: axis, columns: [...axis], counts };
}

function sameLabel(p: MatchedPair): boolean {
  return p.a.label === p.b.label;
}

/** Offsets of the matched pairs that agree on the label. */
export function boundaryOffsets(pairs: readonly MatchedPair[]): BoundaryOffsets {
  const same = pairs.filter(sameLabel);
  return {
    pairs: same.length,
    start: offsetStats(same.map((p) => p.b.segment.startSec - p.a.segment.startSec)),
    end: offsetStats(same.map((p) => p.b.segment.endSec - p.a.segment.endSec)),
  };
}

export function offsetStats(deltasSec: readonly number[]): OffsetStats {
  const abs = deltasSec.map(Math.abs);
  return {
    meanAbsSec: finiteOrNull(numpyMean(abs)),
    medianAbsSec: median(abs),
    meanSignedSec: finiteOrNull(numpyMean(deltasSec)),
  };
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
