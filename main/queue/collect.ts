import type { DatabaseSync } from 'node:sqlite';
import { runDerivation } from '../analysis/derivation.ts';
import { ActionlineError } from '../base/errors.ts';
import {
  classificationResults,
  detectionResults,
  suggestionResults,
} from '../formats/activitynetResults.ts';
import type { ResultsFile } from '../activitynet/types.ts';
import { createRun, listRuns } from '../project/runs.ts';
import { modelRunRecord } from '../runs/modelRun.ts';
import { storeRunVideo, type StoredCounts } from '../project/storeRun.ts';
import { inTransaction } from '../project/transaction.ts';
import { getVideo, upsertVideo } from '../project/videos.ts';
import {
  batchKey,
  isUrl,
  type PrelabelParams,
  type QueueJobData,
  type QueueJobResult,
} from './jobs.ts';
import { loadJobBlobs } from './jobBlobs.ts';
import type { PrelabelQueue } from './prelabelQueue.ts';

/**
 * Results out of the queue. The jobs of one (model, parameters) pair form a batch; a batch's
 * job ids are unique per video id, so each video appears once however often it was done.
 */

export interface Batch {
  key: string;
  model: string;
  params: PrelabelParams;
  /** Completed jobs' results, sorted by video id. */
  done: QueueJobResult[];
  /** Jobs that ended failed: their video and error. */
  failed: { videoId: string; video: string; error: string }[];
  /** Jobs not finished yet (waiting, active, delayed). */
  pending: number;
  /** The results folder the jobs were added with (as the adding machine saw it). */
  resultsDir: string | null;
}

const PAGE = 1000;

/** Reads every job of the queue into batches. `model` keeps only jobs of that model. */
export async function readBatches(
  queue: PrelabelQueue,
  opts: { model?: string } = {},
): Promise<Batch[]> {
  const batches = new Map<string, Batch>();
  const batchOf = (data: QueueJobData) => {
    const key = batchKey(data.model, data.params);
    let b = batches.get(key);
    if (!b) {
      b = {
        key,
        model: data.model,
        params: data.params,
        done: [],
        failed: [],
        pending: 0,
        resultsDir: data.resultsDir,
      };
      batches.set(key, b);
    }
    return b;
  };
  const states = ['completed', 'failed', 'waiting', 'prioritized', 'active', 'delayed'] as const;
  for (const state of states) {
    for (let start = 0; ; start += PAGE) {
      const jobs = await queue.getJobs([state], start, start + PAGE - 1, true);
      for (const job of jobs) {
        const data = job?.data;
        if (data?.v !== 1) continue;
        if (opts.model !== undefined && data.model !== opts.model) continue;
        const b = batchOf(data);
        if (state === 'completed') b.done.push(job.returnvalue as QueueJobResult);
        else if (state === 'failed') {
          b.failed.push({ videoId: data.videoId, video: data.video, error: job.failedReason });
        } else b.pending += 1;
      }
      if (jobs.length < PAGE) break;
    }
  }
  for (const b of batches.values()) {
    // A job finishing between two pages could be read twice; keep one per video.
    const byVideo = new Map(b.done.map((r) => [r.videoId, r]));
    b.done = [...byVideo.values()].sort((x, y) => (x.videoId < y.videoId ? -1 : 1));
  }
  return [...batches.values()];
}

/** The one batch to collect: with several, `key` (or a unique prefix) must name it. */
export function chooseBatch(batches: readonly Batch[], key?: string): Batch {
  const matching = key === undefined ? batches : batches.filter((b) => b.key.startsWith(key));
  if (matching.length === 1) return matching[0]!;
  if (matching.length === 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      key === undefined
        ? 'the queue holds no pre-labelling jobs'
        : `no batch "${key}" in the queue`,
    );
  }
  const list = matching
    .map((b) => `${b.key} (model ${b.model}, ${describeParams(b.params)}, ${b.done.length} done)`)
    .join('; ');
  throw new ActionlineError(
    'BAD_ARGUMENT',
    `the queue holds ${matching.length} batches (model + parameters); choose one with --model or --batch: ${list}`,
  );
}

export function describeParams(p: PrelabelParams): string {
  const plan = p.plan.kind === 'tsn25' ? 'tsn25' : `every ${p.plan.intervalSec} s`;
  const window = p.window ? `, window ${p.window.windowSec}/${p.window.strideSec} s` : '';
  return `${p.task}, ${plan}${window}`;
}

/** The batch as an ActivityNet results file (the same text `actionline prelabel` writes). */
export function batchResultsFile(batch: Batch): ResultsFile<'detection' | 'classification'> {
  switch (batch.params.task) {
    case 'detection':
      return detectionResults(batch.done.map((r) => [r.videoId, r.segments] as const));
    case 'labelling':
      return suggestionResults(batch.done.map((r) => [r.videoId, r.suggestions ?? []] as const));
    case 'classification':
      return classificationResults(batch.done.map((r) => [r.videoId, r.labels] as const));
  }
}

export interface MergeOutcome extends StoredCounts {
  runId: number;
  /** True when an earlier collect of this batch made the run (its videos were replaced). */
  reusedRun: boolean;
  videosAdded: number;
}

/**
 * Stores the batch as a model run of the project: snippet scores and features (from the job
 * result or the results folder) and predictions, through the project's class mapping. Collecting the same
 * batch again updates the same run (found by queue name and batch key). Videos the project
 * lacks are added by id with the path or URL the workers used.
 */
export async function mergeIntoProject(
  db: DatabaseSync,
  batch: Batch,
  opts: { queueName: string; resultsDir: string | null; onVideo?: (videoId: string) => void },
): Promise<MergeOutcome> {
  const first = batch.done[0];
  if (!first) throw new ActionlineError('BAD_ARGUMENT', 'no finished videos to merge yet');
  const resultsDir = opts.resultsDir ?? batch.resultsDir;
  const queueTag = { name: opts.queueName, batch: batch.key };
  const existing = listRuns(db).find((r) => {
    const q = r.params.queue as { name?: string; batch?: string } | undefined;
    return q?.name === queueTag.name && q.batch === queueTag.batch;
  });
  let runId = existing?.id;
  const outcome: MergeOutcome = {
    runId: 0,
    reusedRun: existing !== undefined,
    videosAdded: 0,
    videos: 0,
    segments: 0,
    suggestions: 0,
    videoLabels: 0,
    keptPredictions: 0,
  };
  for (let at = 0; at < batch.done.length; at += 100) {
    const chunk = batch.done.slice(at, at + 100);
    const numbers = await Promise.all(chunk.map((r) => loadJobBlobs(r, resultsDir)));
    inTransaction(db, () => {
      if (runId === undefined) {
        const derivation = runDerivation(first.model.backgroundLabels, {
          ...batch.params,
          planKind: batch.params.plan.kind,
        });
        const { task, plan } = batch.params;
        const { id, version, stream } = first.model;
        runId = createRun(
          db,
          modelRunRecord(
            { task, job: { plan } },
            derivation,
            { model: { id, version, stream, labels: numbers[0]!.scores.labels } },
            { source: `queue:${opts.queueName}`, params: { queue: queueTag } },
          ),
        );
      }
      chunk.forEach((r, i) => {
        if (!getVideo(db, r.videoId)) {
          upsertVideo(db, {
            id: r.videoId,
            ...(isUrl(r.video) ? { url: r.video } : { path: r.video }),
          });
          outcome.videosAdded += 1;
        }
        const { scores, edgeScores, features } = numbers[i]!;
        const counts = storeRunVideo(db, runId!, {
          videoId: r.videoId,
          scores: { [r.model.stream]: scores },
          ...(edgeScores ? { edgeScores: { [r.model.stream]: edgeScores } } : {}),
          ...(features ? { features } : {}),
          segments: r.segments,
          suggestions: r.suggestions ?? [],
          labels: r.labels,
        });
        outcome.videos += counts.videos;
        outcome.segments += counts.segments;
        outcome.suggestions += counts.suggestions;
        outcome.videoLabels += counts.videoLabels;
        outcome.keptPredictions += counts.keptPredictions;
        opts.onVideo?.(r.videoId);
      });
    });
  }
  outcome.runId = runId!;
  return outcome;
}
