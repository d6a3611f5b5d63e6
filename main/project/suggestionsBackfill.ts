import type { DatabaseSync } from 'node:sqlite';
import { mapLabel } from './classMapping.ts';
import { derivationOf } from './rederive.ts';
import { listRuns, predictionInserter } from './runs.ts';
import { deriveStoredVideo, scoredVideos } from './storedDerivation.ts';

/**
 * Schema 2's data step: every run stored before the suggested labelling existed gets its
 * suggestions, derived from its stored scores with its stored parameters (and the defaults
 * for what they do not say). Its ranked predictions, and everything annotators did, stay as
 * they are. Runs opened on a machine that cannot derive (a broken score blob) fail the
 * migration as a whole, so the file stays at schema 1.
 */
export function addSuggestionsToStoredRuns(db: DatabaseSync): void {
  for (const run of listRuns(db)) {
    if (run.task === 'classification' || run.streams.length === 0) continue;
    const params = derivationOf(run);
    const map = mapLabel(db, run.modelId);
    const insert = predictionInserter(db, run.id);
    for (const video of scoredVideos(db, run.id)) {
      const { suggestions } = deriveStoredVideo(db, run, params, video, map);
      for (const s of suggestions) insert(video.id, s, 'suggested');
    }
  }
}
