/**
 * How a head does on snippets it never trained on: per class precision, recall and support,
 * and accuracy, from the argmax of its probabilities (snippets whose target is -1 left out).
 */
import { headProbabilities } from './headProbabilities.ts';
import type { ClassMetrics, TrainedHead, TrainingVideo } from './types.ts';

export interface Tally {
  perClass: ClassMetrics[];
  accuracy: number;
  snippets: number;
}

export function heldOutTally(head: TrainedHead, videos: readonly TrainingVideo[]): Tally {
  const C = head.classes.length;
  const truePositives = new Float64Array(C);
  const predicted = new Float64Array(C);
  const actual = new Float64Array(C);
  let snippets = 0;
  for (const video of videos) {
    const p = headProbabilities(head, video.half, video.dim);
    for (let t = 0; t < video.targets.length; t++) {
      const target = video.targets[t]!;
      if (target < 0) continue;
      let guess = 0;
      for (let c = 1; c < C; c++) if (p[t * C + c]! > p[t * C + guess]!) guess = c;
      predicted[guess]!++;
      actual[target]!++;
      if (guess === target) truePositives[guess]!++;
      snippets++;
    }
  }
  let correct = 0;
  const perClass = head.classes.map((label, c) => {
    correct += truePositives[c]!;
    return {
      label,
      precision: predicted[c]! === 0 ? 0 : truePositives[c]! / predicted[c]!,
      recall: actual[c]! === 0 ? 0 : truePositives[c]! / actual[c]!,
      count: actual[c]!,
    };
  });
  return { perClass, accuracy: snippets === 0 ? 0 : correct / snippets, snippets };
}
