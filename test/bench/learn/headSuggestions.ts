import type { DatabaseSync } from 'node:sqlite';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import { derive, type DerivationParams } from '../../../main/analysis/derivation.ts';
import { joinSameLabel } from '../../../main/analysis/joinSameLabel.ts';
import { headProbabilities } from '../../../main/learn/headProbabilities.ts';
import type { TrainedHead } from '../../../main/learn/types.ts';
import { readSnippetScores } from '../../../main/project/runs.ts';
import { readSnippetFeaturesHalf } from '../../../main/project/snippetFeatures.ts';
import { runSettings, settingsDerivation } from '../../../main/runs/runSettings.ts';

/**
 * A trained head's suggested labelling of one video from a backbone run's stored features, in
 * process: probabilities by learn/headProbabilities.ts (the maths the head's ONNX graph does),
 * derived by analysis/derivation.ts `derive` as a run derives its snippet scores, joined as the
 * store joins them. Nothing is
 * decoded, so no edge is refined: this is `run --model head:NAME --no-refine-edges` without
 * the run. The real run path is main/app/analyzeHead.ts `analyzeWithHead` (reached through
 * analyzeVideos with `model: 'head:NAME'`), each video through main/runs/headRun.ts
 * `headVideoStep`, which also refines edges from the backbone's features of the frames near
 * them; the bench measures both.
 */

/** A head run's derivation: an interval plan's, 'background' the one background class. */
export const HEAD_DERIVATION: DerivationParams = settingsDerivation(
  ['background'],
  runSettings(
    'head',
    {},
    {
      task: 'detection',
      plan: { kind: 'interval', intervalSec: 1 },
      device: 'cpu',
      threads: 0,
    },
  ),
);

export function headSuggestions(
  db: DatabaseSync,
  head: TrainedHead,
  video: { backboneRunId: number; videoId: string; durationSec: number; fps: number },
  derivation: DerivationParams = HEAD_DERIVATION,
): ScoredSegment[] {
  const { backboneRunId: runId, videoId } = video;
  const features = readSnippetFeaturesHalf(db, runId, videoId);
  const { stream } = db
    .prepare('SELECT stream FROM run_streams WHERE run_id = ? ORDER BY rowid')
    .get(runId) as { stream: string };
  const centres = readSnippetScores(db, runId, stream, videoId)?.snippetCenterSec;
  if (!features || centres?.length !== features.snippetCount) {
    throw new Error(`run ${runId} has no features of "${videoId}" beside its scores`);
  }
  const scores = {
    classCount: head.classes.length,
    labels: head.classes,
    snippetCenterSec: centres,
    scores: headProbabilities(head, features.half, features.dim),
    kind: 'probabilities' as const,
  };
  const derived = derive(scores, video.durationSec, derivation, { frameRateFps: video.fps });
  // As the store keeps a run's suggestions (project/storeRun.ts).
  return joinSameLabel(derived.suggestions);
}
