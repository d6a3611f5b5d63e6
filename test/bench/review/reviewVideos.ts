import { seededRandom } from '../../../shared/random/seededRandom.ts';
import type { ActionColour, ActionSpec, ActionVideoSpec } from '../../fixtures/actionVideos.ts';

/**
 * The videos of the review benchmark and of the tuning of the suggestion rule, drawn from a
 * seed (the benchmark uses seed 2, the tuning seed 1, so the rule's parameters were never
 * chosen on the videos that measure it). Untrimmed footage: 60–120 s where actions take
 * about a third of the time (THUMOS14's untrimmed videos: about 30 %), short (1–2 s) and
 * long (5–10 s), some only 1–2 s apart, one pair of two classes back to back per video; the
 * last video has nothing in it. Times fall on the 25 fps frame grid (multiples of 0.2 s).
 */
const COLOURS: readonly ActionColour[] = ['red', 'green', 'blue'];

export function reviewVideoSpecs(seed: number, videoCount = 5): ActionVideoSpec[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const step = (lo: number, hi: number) => Math.round((lo + random() * (hi - lo)) * 5) / 5;
  const specs: ActionVideoSpec[] = [];
  for (let v = 0; v < videoCount - 1; v++) {
    const durationSec = step(60, 120);
    const actions: ActionSpec[] = [];
    let t = step(1, 4);
    let lastLabel: ActionColour | null = null;
    let adjacentDone = false;
    while (true) {
      const long = random() < 0.45;
      const length = long ? step(5, 10) : step(1, 2);
      if (t + length > durationSec - 1) break;
      // One pair per video of two classes back to back; otherwise a new colour or the same one.
      const backToBack: boolean = !adjacentDone && lastLabel !== null && random() < 0.5;
      const label: ActionColour = backToBack
        ? pick(COLOURS.filter((c) => c !== lastLabel))
        : pick(COLOURS);
      if (backToBack) adjacentDone = true;
      else if (actions.length > 0) {
        const previous = actions.at(-1)!;
        // Close together (1–2 s) or well apart (6–20 s); the same colour needs a gap.
        t = previous.endSec + (random() < 0.3 ? step(1, 2) : step(6, 20));
        if (t + length > durationSec - 1) break;
      }
      actions.push({ label, startSec: round(t), endSec: round(t + length) });
      lastLabel = label;
      t = t + length;
    }
    specs.push({ durationSec, actions });
  }
  specs.push({ durationSec: step(30, 40), actions: [] });
  return specs;
}

function round(sec: number): number {
  return Math.round(sec * 5) / 5;
}
