import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import { cheapestNudges } from '../../e2e/helpers/oracle.ts';

/**
 * What reviewing a video costs under docs/review-cost.md, computed from suggestions and the
 * ground truth instead of driven through the UI: what test/e2e/helpers/oracle.ts would press
 * and watch, with review/tuneSuggestions.ts's charge for an edge outside the played stretch
 * (E twice, then the fewest second and frame nudges). Both passes are charged alike: the
 * label key when an action's class differs from the last label the annotator chose in the pass,
 * K K per action marked, Ctrl+Enter per video; from scratch the whole video is watched.
 */
export interface ReviewCost {
  actions: number;
  watchedSec: number;
  /** Watched seconds + 1 s per action. */
  simulatedSec: number;
  accepted: number;
  edgeFixes: number;
  relabels: number;
  rejected: number;
  missed: number;
}

/** The label the annotator chose last in a pass (the editor keeps it for new segments). */
export interface PassState {
  label: string;
}

export interface VideoTruth {
  durationSec: number;
  fps: number;
  groundTruth: readonly ScoredSegment[];
}

const ROLL_SEC = 1;

export function emptyCost(): ReviewCost {
  return {
    actions: 0,
    watchedSec: 0,
    simulatedSec: 0,
    accepted: 0,
    edgeFixes: 0,
    relabels: 0,
    rejected: 0,
    missed: 0,
  };
}

export function addCost(total: ReviewCost, one: ReviewCost): void {
  for (const key of Object.keys(total) as (keyof ReviewCost)[]) total[key] += one[key];
}

/** From scratch: watch the whole video, mark each action (label key if needed, K, K). */
export function scratchCost(video: VideoTruth, pass: PassState): ReviewCost {
  const cost = emptyCost();
  for (const g of byStart(video.groundTruth)) cost.actions += markAction(g, pass);
  cost.actions += 1; // Ctrl+Enter
  cost.watchedSec = video.durationSec;
  cost.simulatedSec = cost.watchedSec + cost.actions;
  return cost;
}

/**
 * From the suggestions (by start time, as the editor plays them): Y to start; per suggestion
 * the relabel, the edge fixes and Y or X; then the misses, each marked as from scratch with
 * the stretch between the played ones around it watched; Ctrl+Enter.
 */
export function suggestionsCost(
  video: VideoTruth,
  suggestions: readonly ScoredSegment[],
  pass: PassState,
): ReviewCost {
  const cost = emptyCost();
  const frameSec = 1 / video.fps;
  const left = new Set(video.groundTruth);
  const played: [number, number][] = [];
  if (suggestions.length > 0) cost.actions += 1; // Y: the first suggestion, played
  for (const s of byStart(suggestions)) {
    const span: [number, number] = [
      Math.max(0, s.startSec - ROLL_SEC),
      Math.min(video.durationSec, s.endSec + ROLL_SEC),
    ];
    played.push(span);
    const best = [...left].map((g) => ({ g, iou: tIou(s, g) })).sort((a, b) => b.iou - a.iou)[0];
    cost.actions += 1; // Y or X
    if (!best || best.iou <= 0) {
      cost.rejected++;
      continue;
    }
    left.delete(best.g);
    cost.accepted++;
    if (s.label !== best.g.label) {
      cost.relabels++;
      cost.actions += 1;
    }
    for (const [have, want] of [
      [s.startSec, best.g.startSec],
      [s.endSec, best.g.endSec],
    ] as const) {
      if (Math.abs(have - want) <= frameSec + 1e-6) continue;
      cost.edgeFixes++;
      if (want >= span[0] && want <= span[1])
        cost.actions += 1; // Shift+I / Shift+O
      else {
        const n = cheapestNudges(want - have, frameSec);
        cost.actions += 2 + Math.abs(n.seconds) + Math.abs(n.frames);
      }
    }
  }
  let watchedSec = union(played);
  for (const g of byStart([...left])) {
    cost.missed++;
    watchedSec += unsuggestedStretch(g, played, video.durationSec);
    cost.actions += markAction(g, pass);
  }
  cost.actions += 1; // Ctrl+Enter
  cost.watchedSec = watchedSec;
  cost.simulatedSec = watchedSec + cost.actions;
  return cost;
}

function markAction(g: ScoredSegment, pass: PassState): number {
  const labelKey = g.label === pass.label ? 0 : 1;
  pass.label = g.label;
  return labelKey + 2;
}

const byStart = <T extends ScoredSegment>(list: readonly T[]) =>
  [...list].sort((a, b) => a.startSec - b.startSec);

function tIou(a: ScoredSegment, b: ScoredSegment): number {
  const inter = Math.max(0, Math.min(a.endSec, b.endSec) - Math.max(a.startSec, b.startSec));
  const union = Math.max(a.endSec, b.endSec) - Math.min(a.startSec, b.startSec);
  return union > 0 ? inter / union : 0;
}

/** Total length of the union of stretches. */
function union(stretches: readonly [number, number][]): number {
  const sorted = [...stretches].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The stretch between the played stretches around `g` (where the annotator has to look). */
function unsuggestedStretch(
  g: ScoredSegment,
  played: readonly [number, number][],
  durationSec: number,
): number {
  const before = Math.max(0, ...played.filter(([, b]) => b <= g.startSec).map(([, b]) => b));
  const after = Math.min(durationSec, ...played.filter(([a]) => a >= g.endSec).map(([a]) => a));
  return Math.max(0, after - before);
}
