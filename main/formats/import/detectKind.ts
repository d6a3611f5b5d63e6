import type { ResultsTask } from '../../activitynet/types.ts';
import { expectObject, formatError, indexPath, keyPath } from '../../activitynet/jsonChecks.ts';

/** What an ActivityNet JSON file holds: ground truth, or results of one task. */
export type ImportKind = 'groundTruth' | ResultsTask;

/**
 * Tells ground truth (`database`) from results (`results`), and the results task from the
 * first entry: `segment` + `label` is detection, `label` without `segment` classification,
 * `segment` without `label` proposals. The full parse that follows checks that every other
 * entry has the same fields, so a mixed file fails there with the entry's path.
 * A results file without any entry imports as detection (there is nothing to tell apart).
 */
export function detectKind(json: unknown, file: string): ImportKind {
  const root = expectObject(json, '', file);
  const hasDatabase = Object.hasOwn(root, 'database');
  const hasResults = Object.hasOwn(root, 'results');
  if (hasDatabase && hasResults) {
    throw formatError(
      file,
      '',
      'has both "database" (ground truth) and "results" (predictions); import them as two files',
    );
  }
  if (hasDatabase) return 'groundTruth';
  if (!hasResults) {
    throw formatError(
      file,
      '',
      'not an ActivityNet file: expected "database" (ground truth) or "results" (predictions) at the top level',
    );
  }
  const first = firstEntry(root.results);
  if (first === null) return 'detection';
  const hasSegment = Object.hasOwn(first.entry, 'segment');
  const hasLabel = Object.hasOwn(first.entry, 'label');
  if (hasSegment) return hasLabel ? 'detection' : 'proposals';
  if (hasLabel) return 'classification';
  throw formatError(
    file,
    first.path,
    'has neither "segment" nor "label", so it is not detection, classification or proposal results',
  );
}

/** The first entry that is an object; anything malformed is left for the parser to name. */
function firstEntry(results: unknown): { entry: Record<string, unknown>; path: string } | null {
  if (typeof results !== 'object' || results === null || Array.isArray(results)) return null;
  for (const [videoId, list] of Object.entries(results)) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const entry: unknown = list[i];
      if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
        return {
          entry: entry as Record<string, unknown>,
          path: indexPath(keyPath('results', videoId), i),
        };
      }
    }
  }
  return null;
}
