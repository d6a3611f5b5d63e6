import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';
import { findAnnotator, listAnnotators } from '../../project/annotators.ts';

/** The id of the annotator named on the command line; an unknown name lists the known ones. */
export function resolveAnnotatorId(db: DatabaseSync, name: string): number {
  const found = findAnnotator(db, name);
  if (found) return found.id;
  const known = listAnnotators(db).map((a) => `"${a.name}"`);
  throw new ActionlineError(
    'BAD_ARGUMENT',
    `--annotator ${name}: no such annotator in this project (annotators: ${known.join(', ') || 'none'})`,
  );
}
