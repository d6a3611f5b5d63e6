import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';

/**
 * Where requests may create or write files. The desktop app writes where its user picked
 * (null: no limit). The web shell serves whoever holds its token, so it writes only under the
 * folders named when it was started (`serve --export-dir`, default the project's folder):
 * a token must not be a way to write anywhere the server's user can.
 */
export type WriteRoots = (() => readonly string[]) | null;

/** The file as an absolute path, once it is known to lie under one of the roots. */
export function checkWritable(file: string, roots: WriteRoots): string {
  const target = path.resolve(file);
  if (roots === null) return target;
  const allowed = roots().map((r) => realDir(path.resolve(r)));
  // The folder the file goes in, as it really is (a symlink must not lead out).
  const where = realDir(path.dirname(target));
  const inside = allowed.some((root) => where === root || where.startsWith(root + path.sep));
  if (!inside) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `the web shell writes only under ${allowed.join(', ')} (serve --export-dir names others)`,
      target,
    );
  }
  return target;
}

/** The real path of a folder, or of its nearest existing parent with the rest appended. */
function realDir(dir: string): string {
  let existing = dir;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}
