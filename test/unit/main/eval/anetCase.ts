import { parseGroundTruth } from '../../../../main/activitynet/parseGroundTruth.ts';
import { parseResults } from '../../../../main/activitynet/parseResults.ts';
import type { GroundTruthFile, ResultsFile } from '../../../../main/activitynet/types.ts';

/** Compact builders of ActivityNet JSON for the metric tests; they go through the real parser. */

type Ann = [startSec: number, endSec: number, label: string];

export function gtJson(videos: Record<string, { subset?: string; anns: Ann[] }>): object {
  const database = Object.fromEntries(
    Object.entries(videos).map(([id, v]) => [
      id,
      {
        subset: v.subset ?? 'validation',
        duration: 100,
        annotations: v.anns.map(([start, end, label]) => ({ segment: [start, end], label })),
      },
    ]),
  );
  return { version: 'VERSION 1.3', taxonomy: [], database };
}

export function gt(videos: Record<string, { subset?: string; anns: Ann[] }>): GroundTruthFile {
  return parseGroundTruth(gtJson(videos), 'gt.json');
}

const wrap = (results: object) => ({
  version: 'VERSION 1.3',
  external_data: { used: false },
  results,
});

export function detectionJson(
  results: Record<string, [label: string, score: number, startSec: number, endSec: number][]>,
): object {
  return wrap(
    Object.fromEntries(
      Object.entries(results).map(([id, list]) => [
        id,
        list.map(([label, score, s, e]) => ({ label, score, segment: [s, e] })),
      ]),
    ),
  );
}

export function detections(
  results: Record<string, [label: string, score: number, startSec: number, endSec: number][]>,
): ResultsFile<'detection'> {
  return parseResults(detectionJson(results), 'pred.json', 'detection');
}

export function classifications(
  results: Record<string, [label: string, score: number][]>,
): ResultsFile<'classification'> {
  const json = wrap(
    Object.fromEntries(
      Object.entries(results).map(([id, list]) => [
        id,
        list.map(([label, score]) => ({ label, score })),
      ]),
    ),
  );
  return parseResults(json, 'pred.json', 'classification');
}

export function proposals(
  results: Record<string, [score: number, startSec: number, endSec: number][]>,
): ResultsFile<'proposals'> {
  const json = wrap(
    Object.fromEntries(
      Object.entries(results).map(([id, list]) => [
        id,
        list.map(([score, s, e]) => ({ score, segment: [s, e] })),
      ]),
    ),
  );
  return parseResults(json, 'pred.json', 'proposals');
}
