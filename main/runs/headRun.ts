import type { DatabaseSync } from 'node:sqlite';
import type { SnippetScores } from '../../shared/analysis/types.ts';
import type { VideoRecord } from '../../shared/project/types.ts';
import { derive, type DerivationParams } from '../analysis/derivation.ts';
import { ActionlineError } from '../base/errors.ts';
import type { AnalysisHost, ScoreProgress } from '../host/analysisHost.ts';
import type { ScoreJob } from '../host/protocol.ts';
import type { HeadSession } from '../inference/headSession.ts';
import { headInputRows, refinedInputRow } from '../learn/headInput.ts';
import { newestFeaturesRun } from '../project/backboneRun.ts';
import type { HeadRecord } from '../project/heads.ts';
import { float16Bits } from '../project/scoreBlobs.ts';
import { readSnippetFeaturesHalf } from '../project/snippetFeatures.ts';
import { snippetCentres } from '../project/runs.ts';
import { storeRunVideo, type StoredCounts } from '../project/storeRun.ts';
import { requireVideo } from '../project/videos.ts';
import { refinementFrames } from './refineEdges.ts';
import { edgeEvidence } from './videoStep.ts';

/**
 * One video of a head's run (issue 26, item 5). With the backbone's features stored (any run
 * of the head's backbone, or an earlier head run that computed them), the head scores those
 * snippets and nothing is decoded; edge refinement then decodes only the frames between the
 * plan's snippets around each suggestion edge, runs the backbone on them for their features,
 * and the head scores each in the context of its nearest plan snippets. Without stored
 * features the backbone scores the video once, with features, and the head reads those; they
 * are stored with the head's run so the next run finds them.
 */

/** A head reads an RGB backbone's features; its run's one stream is named so. */
export const HEAD_STREAM = 'rgb';

export interface HeadRunContext {
  db: DatabaseSync;
  runId: number;
  head: HeadRecord;
  session: HeadSession;
  derivation: DerivationParams;
  /** The backbone's job (features on), where frames may be decoded; null: decode nothing. */
  backbone: { host: AnalysisHost; job: Omit<ScoreJob, 'videoPath'> } | null;
  refineEdges: boolean;
}

/** What the run needs of a video's timing; from its probe (the project) or its scoring. */
type Timing = {
  durationSec: number;
  fps: { num: number; den: number };
  frameCount: number;
  isVariableFrameRate: boolean;
};

interface PlanFeatures {
  half: Uint16Array;
  dim: number;
  centresSec: Float64Array;
}

export async function headVideoStep(
  ctx: HeadRunContext,
  videoId: string,
  opts: { signal?: AbortSignal; onProgress?: (p: ScoreProgress) => void } = {},
): Promise<StoredCounts> {
  const { head, db } = ctx;
  const video = requireVideo(db, videoId);
  const dim = head.manifest.input.features.size;
  let plan = storedPlan(db, head, video.id, dim);
  let timing = plan ? storedTiming(video) : null;
  let computed: Float32Array | undefined;
  if (!plan || !timing) {
    const { host, job } = needBackbone(ctx, video, plan ? 'probed' : 'features');
    const scored = await host.score({ ...job, videoPath: video.path! }, opts);
    if (scored.features?.dim !== dim) {
      throw new ActionlineError(
        'BAD_MODEL',
        `the backbone ${job.modelRef} gave ${scored.features ? `${scored.features.dim} feature values a snippet` : 'no features'}, the head "${head.name}" reads ${dim}`,
      );
    }
    computed = scored.features.values;
    plan = {
      half: float16Bits(computed),
      dim,
      centresSec: scored.scores.snippetCenterSec,
    };
    timing = scored.video;
  }
  const k = head.manifest.input.context.snippets;
  const scores = headScores(
    head,
    plan.centresSec,
    await ctx.session.run(headInputRows(plan.half, dim, k)),
  );
  let derived = derive(
    scores,
    timing.durationSec,
    ctx.derivation,
    edgeEvidence({ video: timing }, null),
  );
  let edgeScores: SnippetScores | null = null;
  const frames =
    ctx.refineEdges && ctx.backbone && video.path !== null
      ? refinementFrames(scores, derived.suggestions, timing)
      : [];
  if (frames.length > 0) {
    const { host, job } = ctx.backbone!;
    const dense = await host.score(
      { ...job, videoPath: video.path!, sampleFrames: frames, sampleFrameFeatures: true },
      opts.signal ? { signal: opts.signal } : {},
    );
    if (!dense.features) {
      throw new ActionlineError('BAD_MODEL', `the backbone ${job.modelRef} gave no features`);
    }
    const centres = dense.scores.snippetCenterSec;
    const rows = new Float32Array(centres.length * head.manifest.input.size);
    const row = new Float32Array(head.manifest.input.size);
    for (let f = 0; f < centres.length; f++) {
      const own = dense.features.values.subarray(f * dim, (f + 1) * dim);
      refinedInputRow(plan, centres[f]!, own, k, row);
      rows.set(row, f * row.length);
    }
    edgeScores = headScores(head, centres, await ctx.session.run(rows));
    derived = derive(
      scores,
      timing.durationSec,
      ctx.derivation,
      edgeEvidence({ video: timing }, edgeScores),
    );
  }
  return storeRunVideo(db, ctx.runId, {
    videoId: video.id,
    scores: { [HEAD_STREAM]: scores },
    ...(edgeScores ? { edgeScores: { [HEAD_STREAM]: edgeScores } } : {}),
    ...(computed ? { features: { dim, values: computed } } : {}),
    segments: derived.segments,
    suggestions: derived.suggestions,
    labels: derived.labels,
  });
}

function headScores(
  head: HeadRecord,
  centresSec: Float64Array,
  probabilities: Float32Array,
): SnippetScores {
  const labels = head.manifest.labels;
  return {
    classCount: labels.length,
    labels: [...labels],
    snippetCenterSec: centresSec,
    scores: probabilities,
    kind: 'probabilities',
  };
}

/** The newest stored features of the head's backbone for the video, with their snippet times. */
function storedPlan(
  db: DatabaseSync,
  head: HeadRecord,
  videoId: string,
  dim: number,
): PlanFeatures | null {
  const runId = newestFeaturesRun(db, head.manifest.input.features.backbone, dim, videoId);
  if (runId === null) return null;
  const features = readSnippetFeaturesHalf(db, runId, videoId)!;
  const centresSec = snippetCentres(db, runId, videoId);
  if (centresSec?.length !== features.snippetCount) return null;
  return { half: features.half, dim, centresSec };
}

/** The video's timing as its probe stored it; null while it was never probed. */
function storedTiming(video: VideoRecord): Timing | null {
  const { durationSec, fpsNum, fpsDen, frameCount } = video;
  if (durationSec === null || fpsNum === null || fpsDen === null || frameCount === null)
    return null;
  return {
    durationSec,
    fps: { num: fpsNum, den: fpsDen },
    frameCount,
    isVariableFrameRate: video.variableFrameRate,
  };
}

function needBackbone(
  ctx: HeadRunContext,
  video: VideoRecord,
  what: 'features' | 'probed',
): NonNullable<HeadRunContext['backbone']> {
  const backbone = ctx.head.manifest.input.features.backbone;
  const why =
    what === 'features'
      ? `video "${video.id}" has no stored features of ${backbone.id}`
      : `video "${video.id}" was never probed`;
  if (video.path === null) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${why} and no media file linked: link it, or leave it out`,
    );
  }
  if (!ctx.backbone) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${why}, and its backbone cannot run here: install ${backbone.id} ${backbone.version}`,
    );
  }
  return ctx.backbone;
}
