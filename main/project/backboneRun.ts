import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';

/**
 * Which run's stored features a head trains on (issue 26): the run asked for, or else the run
 * with features for the most reviewed videos, the newest of equals (a later run of the same
 * backbone usually covers what an earlier one did). Runs of models without a features output,
 * and every run of a project from before features, have none.
 */

export interface BackboneChoice {
  runId: number;
  modelId: string;
  /** The reviewed videos the run has features for, in the order given. */
  featured: string[];
  /** The reviewed videos it has none for: left out of the training set. */
  missing: string[];
  notes: string[];
}

const HOW_TO_MAKE_FEATURES =
  'a head trains on the per-snippet features of a backbone: run a model whose manifest names ' +
  '`features` (`actionline run project.actionline --model tsn-bninception-rgb`, a TSN model ' +
  'converted with `actionline convert caffe --preset …`) on the reviewed videos and train on ' +
  'its features';

export function chooseBackboneRun(
  db: DatabaseSync,
  reviewedIds: readonly string[],
  backboneRunId?: number,
): BackboneChoice {
  const featuredBy = featuredVideosByRun(db);
  const runs = db.prepare('SELECT id, model_id FROM model_runs ORDER BY id').all() as {
    id: number;
    model_id: string;
  }[];
  const withFeatures = runs.filter((r) => featuredBy.has(r.id));
  const reviewedIn = (runId: number) => reviewedIds.filter((id) => featuredBy.get(runId)?.has(id));

  let run: { id: number; model_id: string };
  let how: string;
  if (backboneRunId !== undefined) {
    const asked = runs.find((r) => r.id === backboneRunId);
    if (!asked)
      throw new ActionlineError('BAD_ARGUMENT', `no run ${backboneRunId} in this project`);
    if (!featuredBy.has(asked.id)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `run ${asked.id} (${asked.model_id}) stored no features${withFeatures.length > 0 ? ` (runs with features: ${withFeatures.map((r) => r.id).join(', ')})` : ''}: ${HOW_TO_MAKE_FEATURES}`,
      );
    }
    run = asked;
    how = 'the run asked for';
  } else {
    if (withFeatures.length === 0) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `no run of this project stored features (a project from before features, or runs of models without a features output): ${HOW_TO_MAKE_FEATURES}`,
      );
    }
    // The newest of equals: a later run wins a tie because it comes later in id order.
    run = withFeatures.reduce((best, r) =>
      reviewedIn(r.id).length >= reviewedIn(best.id).length ? r : best,
    );
    how =
      withFeatures.length === 1
        ? 'the only run with features'
        : `of ${withFeatures.length} runs with features, the newest with the most reviewed videos`;
  }

  const featured = reviewedIn(run.id);
  const missing = reviewedIds.filter((id) => !featuredBy.get(run.id)!.has(id));
  if (featured.length === 0) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `run ${run.id} has no features for any reviewed video (${nameList(missing)}): run the backbone on them, or choose a run that has their features`,
    );
  }
  const notes = [
    `backbone run ${run.id} (${run.model_id}): features for ${featured.length} of ${reviewedIds.length} reviewed videos, ${how}`,
  ];
  if (missing.length > 0) {
    notes.push(
      `run ${run.id} has no features for ${missing.length} reviewed video${missing.length === 1 ? '' : 's'}, left out: ${nameList(missing)}`,
    );
  }
  return { runId: run.id, modelId: run.model_id, featured, missing, notes };
}

/** Names, the first ten and how many more. */
export function nameList(names: readonly string[], quote = false): string {
  const shown = names.slice(0, 10).map((n) => (quote ? JSON.stringify(n) : n));
  return names.length > 10 ? `${shown.join(', ')} and ${names.length - 10} more` : shown.join(', ');
}

function featuredVideosByRun(db: DatabaseSync): Map<number, Set<string>> {
  const rows = db.prepare('SELECT run_id, video_id FROM snippet_features').all() as {
    run_id: number;
    video_id: string;
  }[];
  const byRun = new Map<number, Set<string>>();
  for (const { run_id: runId, video_id: videoId } of rows) {
    const videos = byRun.get(runId) ?? new Set<string>();
    videos.add(videoId);
    byRun.set(runId, videos);
  }
  return byRun;
}

/** The model whose features a run stored: its own, or for a head's run its head's backbone. */
export interface FeaturesModel {
  id: string;
  version: string;
}

/** Read from the run's record: a head's run records the backbone it ran (params.head.backbone). */
export function featuresModelOf(run: {
  modelId: string;
  modelVersion: string;
  params: Record<string, unknown>;
}): FeaturesModel {
  const head = run.params.head as { backbone?: FeaturesModel } | undefined;
  return head?.backbone ?? { id: run.modelId, version: run.modelVersion };
}

/**
 * The newest run with features of `video` from the backbone `model` (its id and version), as
 * many values a snippet as `dim`; null when no run has them.
 */
export function newestFeaturesRun(
  db: DatabaseSync,
  model: FeaturesModel,
  dim: number,
  videoId: string,
): number | null {
  const rows = db
    .prepare(
      `SELECT r.id, r.model_id, r.model_version, r.params_json FROM snippet_features f
       JOIN model_runs r ON r.id = f.run_id
       WHERE f.video_id = ? AND f.dim = ? ORDER BY r.id DESC`,
    )
    .all(videoId, dim) as {
    id: number;
    model_id: string;
    model_version: string;
    params_json: string;
  }[];
  for (const r of rows) {
    const m = featuresModelOf({
      modelId: r.model_id,
      modelVersion: r.model_version,
      params: JSON.parse(r.params_json) as Record<string, unknown>,
    });
    if (m.id === model.id && m.version === model.version) return r.id;
  }
  return null;
}
