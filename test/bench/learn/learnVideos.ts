import { seededRandom } from '../../../shared/random/seededRandom.ts';
import {
  TEXTURE_CLASSES,
  type TextureAction,
  type TextureClass,
  type TextureVideoSpec,
} from '../../fixtures/textureVideos.ts';

/**
 * The videos of `bench:learn`, drawn from a seed (one seed for the videos that get reviewed,
 * another for the fresh ones the review cost is measured on). The review benchmark's rules
 * (review/reviewVideos.ts) on shorter footage: 40–60 s where actions take about a third of
 * the time, short (1–2 s) and long (5–10 s), some only 1–2 s apart, at most one pair of two
 * classes back to back per video, each action's patch at a place of its own. Times fall on
 * the 25 fps frame grid (multiples of 0.2 s).
 */
export function learnVideoSpecs(seed: number, videoCount: number): TextureVideoSpec[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const step = (lo: number, hi: number) => round(lo + random() * (hi - lo));
  const specs: TextureVideoSpec[] = [];
  for (let v = 0; v < videoCount; v++) {
    const durationSec = step(40, 60);
    const actions: TextureAction[] = [];
    let t = step(1, 4);
    let lastLabel: TextureClass | null = null;
    let adjacentDone = false;
    while (true) {
      const length = random() < 0.45 ? step(5, 10) : step(1, 2);
      const backToBack: boolean = !adjacentDone && lastLabel !== null && random() < 0.5;
      if (backToBack) adjacentDone = true;
      else if (actions.length > 0)
        t = actions.at(-1)!.endSec + (random() < 0.3 ? step(1, 2) : step(4, 12));
      if (t + length > durationSec - 1) break;
      const label: TextureClass = backToBack
        ? pick(TEXTURE_CLASSES.filter((c) => c !== lastLabel))
        : pick(TEXTURE_CLASSES);
      actions.push({
        label,
        startSec: round(t),
        endSec: round(t + length),
        place: [random(), random()],
      });
      lastLabel = label;
      t = round(t + length);
    }
    specs.push({ durationSec, actions, seed: seed * 1000 + v });
  }
  return specs;
}

function round(sec: number): number {
  return Math.round(sec * 5) / 5;
}
