import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../../base/errors.ts';

/**
 * The ActivityNet taxonomy stored in the project: the rows of its label set of kind
 * 'activitynet', in file order (position), node ids and parent names exactly as imported.
 */
export interface StoredTaxonomyNode {
  nodeId: number | null;
  nodeName: string;
  parentId: number | null;
  parentName: string | null;
}

export interface ProjectTaxonomy {
  nodes: StoredTaxonomyNode[];
  warnings: string[];
}

/**
 * `labelSetName` picks one set by name; otherwise the project's only ActivityNet set is
 * used (none → an empty taxonomy; several → the first created, with a warning).
 */
export function readTaxonomy(db: DatabaseSync, labelSetName?: string): ProjectTaxonomy {
  const sets = db
    .prepare(`SELECT id, name FROM label_sets WHERE kind = 'activitynet' ORDER BY id`)
    .all() as { id: number; name: string }[];
  const warnings: string[] = [];
  let chosen = sets[0];
  if (labelSetName !== undefined) {
    chosen = sets.find((s) => s.name === labelSetName);
    if (!chosen) {
      const names = sets.map((s) => `"${s.name}"`).join(', ') || 'none';
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `--taxonomy ${labelSetName}: no ActivityNet label set of that name (sets: ${names})`,
      );
    }
  } else if (sets.length > 1) {
    warnings.push(
      `${sets.length} ActivityNet label sets in the project; the taxonomy of "${chosen!.name}" was written (choose with --taxonomy <name>)`,
    );
  }
  if (!chosen) return { nodes: [], warnings };
  const nodes = db
    .prepare(
      `SELECT node_id AS nodeId, name AS nodeName, parent_node_id AS parentId, parent_name AS parentName
       FROM labels WHERE label_set_id = ? ORDER BY position`,
    )
    .all(chosen.id) as unknown as StoredTaxonomyNode[];
  return { nodes, warnings };
}
