import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serialiseResults } from '../../../../main/formats/activitynetResults.ts';
import { readSnippetScores } from '../../../../main/project/runs.ts';
import { readSnippetFeatures } from '../../../../main/project/snippetFeatures.ts';
import {
  batchResultsFile,
  chooseBatch,
  mergeIntoProject,
  type Batch,
} from '../../../../main/queue/collect.ts';
import { storeJobBlobs } from '../../../../main/queue/jobBlobs.ts';
import {
  DEFAULT_INLINE_SCORES_MAX_BYTES,
  type PrelabelParams,
  type QueueJobResult,
} from '../../../../main/queue/jobs.ts';
import { logitScores, tempProject } from '../project/projectFixture.ts';

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

  it("stores a job's features from the results folder with its inline scores", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-collect-'));
    const { project, dispose } = tempProject();
    try {
      const scores = logitScores(['background', 'run'], 10, (label, k) =>
        label === 'run' ? k : 0,
      );
      const dim = 1024;
      const features = {
        dim,
        values: Float32Array.from({ length: 10 * dim }, (_, i) => Math.cos(i) * 4),
      };
      // As the worker writes them: at the queue's default limit the scores (10 × 2) travel
      // inline, the features (40 KB) go to the folder.
      const blobs = await storeJobBlobs({ scores, edgeScores: null, features }, 'pl-f', {
        resultsDir: dir,
        inlineMaxBytes: DEFAULT_INLINE_SCORES_MAX_BYTES,
      });
      expect(blobs.scores.where).toBe('inline');
      expect(blobs.features).toMatchObject({ where: 'file', file: 'pl-f.features' });
      expect(readdirSync(dir)).toEqual(['pl-f.features']);

      const done = { ...result('a', 0.9), ...blobs };
      const merged = await mergeIntoProject(
        project.db,
        { ...batch('k', 'm', [done]), resultsDir: dir },
        { queueName: 'q', resultsDir: null },
      );
      expect(merged).toMatchObject({ videos: 1, videosAdded: 1 });
      const back = readSnippetFeatures(project.db, merged.runId, 'a')!;
      expect(back.dim).toBe(dim);
      features.values.forEach((v, i) => {
        expect(Math.abs(back.values[i]! - v)).toBeLessThanOrEqual(Math.abs(v) / 2048 + 2 ** -24);
      });
      expect(readSnippetScores(project.db, merged.runId, 'rgb', 'a')!.scores).toEqual(
        scores.scores,
      );
      const row = project.db
        .prepare('SELECT dtype, length(features) AS bytes FROM snippet_features')
        .get() as { dtype: string; bytes: number };
      expect(row).toEqual({ dtype: 'float16', bytes: 10 * 2048 });
    } finally {
      dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
