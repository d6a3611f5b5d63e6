import { existsSync, readFileSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { headManifestSchema } from '../../shared/heads/headManifest.ts';
import { ActionlineError } from '../base/errors.ts';
import { loadModel, manifestPathOf, type LoadedModel } from '../inference/manifest.ts';
import { findHead, projectUid, requireHead, type HeadRecord } from '../project/heads.ts';

/** How a run names a head: `head:NAME`; a plain NAME works when no model has that id. */
export const HEAD_PREFIX = 'head:';

/**
 * The head a model reference names in this project, or null when it names a model. A head
 * manifest written from another project is refused: its classes are that project's.
 */
export function resolveHead(db: DatabaseSync, ref: string): HeadRecord | null {
  if (ref.startsWith(HEAD_PREFIX)) return requireHead(db, ref.slice(HEAD_PREFIX.length));
  const file = manifestPathOf(ref);
  if (existsSync(file)) {
    const manifest = headManifestIn(file);
    if (!manifest) return null;
    if (manifest.project.uid !== projectUid(db)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `head "${manifest.name}" was trained in another project: its classes and videos are that project's; train a head here (\`actionline train\`)`,
        file,
      );
    }
    return requireHead(db, manifest.name);
  }
  return findHead(db, ref);
}

/** The file's head manifest, or null when it is some other manifest. */
function headManifestIn(file: string): ReturnType<typeof headManifestSchema.parse> | null {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null; // not JSON: loadModel says why
  }
  if ((json as { kind?: unknown } | null)?.kind !== 'head') return null;
  const parsed = headManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ActionlineError('BAD_MODEL', `not a head manifest: ${parsed.error.message}`, file);
  }
  return parsed.data;
}

/**
 * The head's backbone as installed here (by id in the model folders, else where its run found
 * it), when it is the very model the head was trained on (same id and version); else null and
 * why.
 */
export async function findBackbone(
  head: HeadRecord,
): Promise<{ model: LoadedModel } | { missing: string }> {
  const { id, version, manifestPath } = head.manifest.input.features.backbone;
  const tried: string[] = [];
  for (const ref of [id, ...(manifestPath ? [manifestPath] : [])]) {
    const model = await loadModel(ref).catch(() => null);
    if (!model) {
      tried.push(`${ref}: not found`);
      continue;
    }
    if (model.manifest.id === id && model.manifest.version === version) return { model };
    tried.push(`${ref}: ${model.manifest.id} version ${model.manifest.version}`);
  }
  return {
    missing: `head "${head.name}" reads the features of ${id} version ${version}, which is not installed here (${tried.join('; ')})`,
  };
}
