import { existsSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';

/**
 * Writes a consistent copy of the open project to `destination` with VACUUM INTO (copying
 * the file would miss what is still in the -wal file, or catch it half-written). The
 * destination must not exist: a copy never overwrites anything.
 */
export function saveCopy(db: DatabaseSync, destination: string): void {
  if (existsSync(destination)) {
    throw new ActionlineError('BAD_ARGUMENT', `${destination}: already exists`, destination);
  }
  try {
    db.prepare('VACUUM INTO ?').run(destination);
  } catch (err) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `${destination}: cannot write the copy (${(err as Error).message})`,
      destination,
    );
  }
}
