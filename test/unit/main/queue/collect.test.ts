import { describe, expect, it } from 'vitest';
import { serialiseResults } from '../../../../main/formats/activitynetResults.ts';
import { batchResultsFile, chooseBatch, type Batch } from '../../../../main/queue/collect.ts';
import type { PrelabelParams, QueueJobResult } from '../../../../main/queue/jobs.ts';

const params: PrelabelParams = {
  task: 'detection',
  plan: { kind: 'interval', intervalSec: 1 },
  window: null,
  maxSegmentsPerVideo: 100,
  labelsPerVideo: 5,
};

const result = (videoId: string, score: number): QueueJobResult => ({
  v: 1,
  videoId,
  video: `/data/${videoId}.mp4`,
  model: { id: 'm', version: '1', stream: 'rgb', backgroundLabels: [], provider: 'cpu' },
  params,
  durationSec: 10,
  snippetCount: 10,
  labels: [{ label: 'run', score }],
  segments: [{ startSec: 1, endSec: 2, label: 'run', score }],
  scores: { where: 'omitted', bytes: 0, reason: 'test' },
  worker: 'w',
  elapsedMs: 1,
});

const batch = (key: string, model: string, done: QueueJobResult[]): Batch => ({
  key,
  model,
  params,
  done,
  failed: [],
  pending: 0,
  resultsDir: null,
});

describe('collect', () => {
  it('writes each video once, keyed by video id, as ActivityNet results', () => {
    const text = serialiseResults(
      batchResultsFile(batch('k', 'm', [result('b', 0.5), result('a', 0.9)])),
    );
    const parsed = JSON.parse(text) as { results: Record<string, unknown[]> };
    expect(Object.keys(parsed.results)).toEqual(['a', 'b']);
    expect(parsed.results.a).toEqual([{ label: 'run', score: 0.9, segment: [1, 2] }]);
  });

  it('writes the suggested labelling for a labelling batch, one entry per suggestion', () => {
    const labelling = { ...params, task: 'labelling' as const };
    const withSuggestions = (id: string): QueueJobResult => ({
      ...result(id, 0.5),
      params: labelling,
      suggestions: [
        { startSec: 1.04, endSec: 2.52, label: 'run', score: 0.93 },
        { startSec: 5, endSec: 6, label: 'walk', score: 0.8 },
      ],
    });
    const text = serialiseResults(
      batchResultsFile({ ...batch('k', 'm', [withSuggestions('a')]), params: labelling }),
    );
    const parsed = JSON.parse(text) as { results: Record<string, unknown[]> };
    expect(parsed.results.a).toEqual([
      { label: 'run', score: 0.93, segment: [1.04, 2.52] },
      { label: 'walk', score: 0.8, segment: [5, 6] },
    ]);
  });

  it('asks which batch when the queue holds several, and takes a key prefix', () => {
    const batches = [batch('aaaa1111', 'motion', []), batch('bbbb2222', 'tsn', [])];
    expect(() => chooseBatch(batches)).toThrow(/2 batches.*--model or --batch.*aaaa1111.*bbbb2222/);
    expect(chooseBatch(batches, 'bbbb').model).toBe('tsn');
    expect(() => chooseBatch([])).toThrow(/no pre-labelling jobs/);
  });
});
