import type { DatabaseSync } from 'node:sqlite';
import type { RunSummary } from '../../shared/eval/evalTypes.ts';
import { listRuns } from '../project/runs.ts';

/**
 * Every model run of the project with how many ranked detections (and on how many videos)
 * and suggestions it holds.
 */
export function runSummaries(db: DatabaseSync): RunSummary[] {
  const counts = new Map(
    (
      db
        .prepare(
          `SELECT run_id, sum(product IS NOT 'suggested') AS segments,
             sum(product IS 'suggested') AS suggestions, count(DISTINCT video_id) AS videos
           FROM segments
           WHERE annotator_id IS NULL AND provenance = 'predicted' AND run_id IS NOT NULL
           GROUP BY run_id`,
        )
        .all() as { run_id: number; segments: number; suggestions: number; videos: number }[]
    ).map((r) => [r.run_id, r]),
  );
  return listRuns(db).map((run) => ({
    id: run.id,
    modelId: run.modelId,
    modelVersion: run.modelVersion,
    task: run.task,
    source: run.source,
    createdAt: run.createdAt,
    predictionCount: counts.get(run.id)?.segments ?? 0,
    suggestionCount: counts.get(run.id)?.suggestions ?? 0,
    videoCount: counts.get(run.id)?.videos ?? 0,
  }));
}
