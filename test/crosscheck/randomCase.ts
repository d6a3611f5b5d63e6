import { seededRandom } from '../fixtures/seededRandom.ts';

export { seededRandom };
/**
 * Seeded random ActivityNet ground truth and results for cross-checks and benchmarks: videos
 * in two subsets, classes, predictions near the ground truth (jittered), random ones, some on
 * training videos, some videos without predictions. Scores are random floats, so tie-free.
 */

export interface CaseSize {
  videos: number;
  classes: number;
  /** Detection / classification predictions over the whole file. */
  predictions: number;
}

export interface RandomCase {
  gt: object;
  detection: object;
  classification: object;
  proposals: object;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function randomCase(seed: number, size: CaseSize): RandomCase {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const labels = Array.from(
    { length: size.classes },
    (_, i) => `Class ${String.fromCharCode(65 + (i % 26))}${i}`,
  );
  const database: Record<string, object> = {};
  const annotated: {
    id: string;
    durationSec: number;
    anns: { segment: [number, number]; label: string }[];
  }[] = [];
  for (let v = 0; v < size.videos; v++) {
    const id = `vid${seed}x${v.toString(36).padStart(4, '0')}`;
    const durationSec = round3(20 + rand() * 200);
    const anns = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const start = round3(rand() * durationSec * 0.8);
      const end = round3(Math.min(durationSec, start + 1 + rand() * durationSec * 0.4));
      return { segment: [start, end] as [number, number], label: pick(labels) };
    });
    const subset = rand() < 0.8 ? 'validation' : 'training';
    database[id] = {
      subset,
      duration: durationSec,
      url: `https://www.youtube.com/watch?v=${id}`,
      annotations: anns,
    };
    annotated.push({ id, durationSec, anns });
  }
  const jitter = (segment: [number, number], durationSec: number): [number, number] => {
    const length = segment[1] - segment[0];
    const start = round3(Math.max(0, segment[0] + (rand() - 0.5) * length * 0.6));
    return [
      start,
      round3(
        Math.min(durationSec, Math.max(start + 0.1, segment[1] + (rand() - 0.5) * length * 0.6)),
      ),
    ];
  };
  const detection: Record<string, object[]> = {};
  const classification: Record<string, object[]> = {};
  const proposals: Record<string, object[]> = {};
  const withPredictions = annotated.filter(() => rand() < 0.9);
  for (let p = 0; p < size.predictions; p++) {
    const video = pick(withPredictions);
    const near = rand() < 0.6;
    const ann = pick(video.anns);
    const start = round3(rand() * video.durationSec);
    const segment = near
      ? jitter(ann.segment, video.durationSec)
      : [start, round3(Math.min(video.durationSec, start + rand() * 60))];
    const label = near && rand() < 0.8 ? ann.label : pick(labels);
    (detection[video.id] ??= []).push({ label, score: rand(), segment });
    (classification[video.id] ??= []).push({ label, score: rand() });
    (proposals[video.id] ??= []).push({ score: rand(), segment });
  }
  const wrap = (results: object) => ({
    version: 'VERSION 1.3',
    external_data: { used: false, details: '' },
    results,
  });
  return {
    gt: { version: 'VERSION 1.3', taxonomy: [], database },
    detection: wrap(detection),
    classification: wrap(classification),
    proposals: wrap(proposals),
  };
}
