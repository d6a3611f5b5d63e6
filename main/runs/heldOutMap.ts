import type { DatabaseSync } from 'node:sqlite';
import {
  DEFAULT_LABELS_PER_VIDEO,
  DEFAULT_MAX_SEGMENTS_PER_VIDEO,
  derive,
  runDerivation,
} from '../analysis/derivation.ts';
import { evaluateDetection } from '../eval/detection.ts';
import type { GroundTruthFile, ResultsFile } from '../activitynet/types.ts';
import { headProbabilities } from '../learn/headProbabilities.ts';
import type { TrainedHead } from '../learn/types.ts';
import { segmentsInLayer } from '../project/segmentQueries.ts';
import { readSnippetFeaturesHalf } from '../project/snippetFeatures.ts';
import { snippetCentres } from '../project/runs.ts';
import { LABELLED } from '../project/trainingSet.ts';
import { requireVideo } from '../project/videos.ts';

/**
 * A new head's held-out detection mAP (issue 26: the learning curve's y): on the videos
 * training held out, the ranked detections derived from its probabilities as an app run
 * derives them (interval plan, default settings) against the annotator's labelled segments,
 * by the official ActivityNet rule (average mAP over tIoU 0.5:0.05:0.95). Null when the
 * held-out videos have no labelled segment.
 */
export function heldOutDetectionMap(
  db: DatabaseSync,
  head: TrainedHead,
  featuresRunId: number,
  annotatorId: number,
): number | null {
  const derivation = runDerivation([head.classes[0]!], {
    task: 'detection',
    window: null,
    planKind: 'interval',
    labelsPerVideo: DEFAULT_LABELS_PER_VIDEO,
    maxSegmentsPerVideo: DEFAULT_MAX_SEGMENTS_PER_VIDEO,
  });
  // The head the held-out videos were held out from (a small set's is refitted on all).
  const measured = head.heldOutModel ? { ...head, ...head.heldOutModel } : head;
  const subset = 'held-out';
  const gt: GroundTruthFile = { version: 'VERSION 1.3', taxonomy: [], videos: [], warnings: [] };
  const results: ResultsFile<'detection'> = {
    task: 'detection',
    version: 'VERSION 1.3',
    externalData: {},
    videos: [],
    warnings: [],
  };
  const classes = new Set(head.classes.slice(1));
  for (const videoId of head.metrics.heldOutVideoIds) {
    const features = readSnippetFeaturesHalf(db, featuresRunId, videoId);
    const centres = snippetCentres(db, featuresRunId, videoId);
    const durationSec = requireVideo(db, videoId).durationSec;
    if (!features || centres?.length !== features.snippetCount || durationSec === null) continue;
    const scores = {
      classCount: head.classes.length,
      labels: [...head.classes],
      snippetCenterSec: centres,
      scores: headProbabilities(measured, features.half, features.dim),
      kind: 'probabilities' as const,
    };
    const { segments } = derive(scores, durationSec, derivation);
    gt.videos.push({
      videoId,
      subset,
      durationSec,
      annotations: segmentsInLayer(db, videoId, annotatorId)
        .filter((s) => LABELLED.has(s.provenance) && classes.has(s.label))
        .map((s) => ({ label: s.label, segment: { startSec: s.startSec, endSec: s.endSec } })),
    });
    results.videos.push({
      videoId,
      entries: segments.map((s) => ({
        label: s.label,
        score: s.score,
        segment: { startSec: s.startSec, endSec: s.endSec },
      })),
    });
  }
  if (!gt.videos.some((v) => v.annotations.length > 0)) return null;
  return evaluateDetection(gt, results, { subset }).averageMAP;
}
