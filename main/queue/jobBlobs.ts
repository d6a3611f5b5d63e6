import type { SnippetFeatures, SnippetScores } from '../../shared/analysis/types.ts';
import { loadFeatures, storeFeatures } from './featureFiles.ts';
import type { QueueJobResult } from './jobs.ts';
import { loadScores, storeScores } from './scoreFiles.ts';

/**
 * A job's numbers on their way through the queue: the worker places them (inline when
 * small, else in the results folder) and the job result points at them; collect reads them
 * back for the project.
 */

export interface JobNumbers {
  scores: SnippetScores;
  /** The per-frame scores the suggestions' edges were refined with, when they were. */
  edgeScores: SnippetScores | null;
  /** The model's per-snippet features, when it has a features output. */
  features?: SnippetFeatures | undefined;
}

export type JobBlobs = Pick<QueueJobResult, 'scores' | 'edgeScores' | 'features'>;

export async function storeJobBlobs(
  numbers: JobNumbers,
  jobId: string,
  where: { resultsDir: string | null; inlineMaxBytes: number },
): Promise<JobBlobs> {
  const scores = await storeScores(numbers.scores, jobId, where);
  const edges = numbers.edgeScores
    ? await storeScores(numbers.edgeScores, jobId, { ...where, kind: 'edges' })
    : null;
  const features = numbers.features ? await storeFeatures(numbers.features, jobId, where) : null;
  return {
    scores,
    ...(edges ? { edgeScores: edges } : {}),
    ...(features ? { features } : {}),
  };
}

export async function loadJobBlobs(
  result: QueueJobResult,
  resultsDir: string | null,
): Promise<JobNumbers> {
  const { videoId } = result;
  const [scores, edgeScores, features] = await Promise.all([
    loadScores(result.scores, resultsDir, videoId),
    result.edgeScores ? loadScores(result.edgeScores, resultsDir, videoId) : null,
    result.features ? loadFeatures(result.features, resultsDir, videoId) : undefined,
  ]);
  return { scores, edgeScores, features };
}
