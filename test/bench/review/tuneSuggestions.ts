import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { loadModel } from '../../../main/inference/manifest.ts';
import {
  DEFAULT_SUGGESTION_OPTIONS,
  suggestLabelling,
  type SuggestionOptions,
} from '../../../main/analysis/suggestedLabelling.ts';
import type { ScoredSegment, SnippetScores } from '../../../shared/analysis/types.ts';
import { actionVideo } from '../../fixtures/actionVideos.ts';
import { cheapestNudges } from '../../e2e/helpers/oracle.ts';
import { reviewVideoSpecs } from './reviewVideos.ts';

/**
 * How the suggestion rule's parameters were chosen (`node test/bench/review/tuneSuggestions.ts`):
 * on the review videos of seed 1 (the benchmark measures seed 2), the colour-motion model's
 * scores at one snippet a second, plus every frame (what the edge refinement would score near
 * any edge), for each parameter set the review actions docs/review-cost.md would charge for
 * the suggestions: 1 per suggestion kept, 1 per edge moved when the true edge is inside the
 * played stretch (else the nudges), 1 per relabel, 1 per suggestion rejected, 3 per action
 * missed. Prints a table, best first, and the defaults' row; the last line is JSON.
 */
const SEED = 1;
const ROLL_SEC = 1;

interface Scored {
  durationSec: number;
  fps: number;
  plan: SnippetScores;
  everyFrame: SnippetScores;
  groundTruth: ScoredSegment[];
}

async function scoreVideos(): Promise<Scored[]> {
  const model = await loadModel('colour-motion');
  const host = new ForkedAnalysisHost();
  const out: Scored[] = [];
  try {
    for (const spec of reviewVideoSpecs(SEED)) {
      const video = await actionVideo(spec);
      const job = {
        videoPath: video.path,
        modelRef: model.manifestPath,
        device: 'cpu' as const,
        intraOpThreads: 1,
        plan: { kind: 'interval' as const, intervalSec: 1 },
        batchSnippets: 16,
        decodeThreads: 0,
      };
      const plan = await host.score(job);
      const frames = Array.from({ length: plan.video.frameCount }, (_, i) => i);
      const dense = await host.score({ ...job, sampleFrames: frames });
      out.push({
        durationSec: plan.video.durationSec,
        fps: video.fps,
        plan: plan.scores,
        everyFrame: dense.scores,
        groundTruth: video.groundTruth,
      });
    }
  } finally {
    await host.close();
  }
  return out;
}

/** The actions the cost model charges for reviewing `suggested` into `truth`. */
export function reviewActions(
  suggested: readonly ScoredSegment[],
  truth: readonly ScoredSegment[],
  fps: number,
): { actions: number; missed: number; rejected: number; edgeFixes: number } {
  const frameSec = 1 / fps;
  const left = new Set(truth);
  let actions = 0;
  let rejected = 0;
  let edgeFixes = 0;
  for (const s of suggested) {
    const best = [...left].map((g) => ({ g, iou: overlap(s, g) })).sort((a, b) => b.iou - a.iou)[0];
    if (!best || best.iou <= 0) {
      actions += 1;
      rejected += 1;
      continue;
    }
    left.delete(best.g);
    actions += 1 + (s.label === best.g.label ? 0 : 1);
    for (const [have, want] of [
      [s.startSec, best.g.startSec],
      [s.endSec, best.g.endSec],
    ] as const) {
      if (Math.abs(have - want) <= frameSec + 1e-6) continue;
      edgeFixes += 1;
      const inPlay = want >= s.startSec - ROLL_SEC && want <= s.endSec + ROLL_SEC;
      const n = cheapestNudges(want - have, frameSec);
      actions += inPlay ? 1 : 2 + Math.abs(n.seconds) + Math.abs(n.frames);
    }
  }
  return { actions: actions + 3 * left.size, missed: left.size, rejected, edgeFixes };
}

function overlap(a: ScoredSegment, b: ScoredSegment): number {
  const inter = Math.max(0, Math.min(a.endSec, b.endSec) - Math.max(a.startSec, b.startSec));
  const union = Math.max(a.endSec, b.endSec) - Math.min(a.startSec, b.startSec);
  return union > 0 ? inter / union : 0;
}

async function main() {
  const videos = await scoreVideos();
  const grid: Partial<SuggestionOptions>[] = [];
  for (const switchPenalty of [0.6, 1.2, 2.4, 4])
    for (const minActionSec of [0.5, 1, 2])
      for (const minGapSec of [0, 0.5, 1])
        for (const presenceProbability of [0.3, 0.5, 0.7])
          grid.push({ switchPenalty, minActionSec, minGapSec, presenceProbability });
  const rows = grid.map((params) => {
    const total = { actions: 0, missed: 0, rejected: 0, edgeFixes: 0 };
    for (const v of videos) {
      const suggested = suggestLabelling(v.plan, v.durationSec, params, {
        dense: v.everyFrame,
        frameRateFps: v.fps,
      });
      const r = reviewActions(suggested, v.groundTruth, v.fps);
      total.actions += r.actions;
      total.missed += r.missed;
      total.rejected += r.rejected;
      total.edgeFixes += r.edgeFixes;
    }
    return { params, ...total };
  });
  rows.sort((a, b) => a.actions - b.actions);
  const segments = videos.reduce((n, v) => n + v.groundTruth.length, 0);
  const isDefault = (p: Partial<SuggestionOptions>) =>
    (Object.keys(p) as (keyof SuggestionOptions)[]).every(
      (k) => p[k] === DEFAULT_SUGGESTION_OPTIONS[k],
    );
  console.log(`seed ${SEED}: ${videos.length} videos, ${segments} ground-truth segments`);
  console.log('actions missed rejected edgeFixes  switchPenalty minActionSec minGapSec presence');
  for (const r of [...rows.slice(0, 12), ...rows.filter((r) => isDefault(r.params))]) {
    const p = r.params;
    console.log(
      `${String(r.actions).padStart(7)} ${String(r.missed).padStart(6)} ${String(r.rejected).padStart(8)} ${String(r.edgeFixes).padStart(9)}` +
        `  ${String(p.switchPenalty).padStart(13)} ${String(p.minActionSec).padStart(12)} ${String(p.minGapSec).padStart(9)} ${String(p.presenceProbability).padStart(8)}` +
        (isDefault(p) ? '   ← the defaults' : ''),
    );
  }
  const defaults = rows.find((r) => isDefault(r.params));
  console.log(
    JSON.stringify({ seed: SEED, segments, best: rows[0], worst: rows.at(-1), defaults }),
  );
}

await main();
