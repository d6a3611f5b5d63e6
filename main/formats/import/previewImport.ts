import type { Project } from '../../project/project.ts';
import type { ImportPlan } from './importFormats.ts';
import { writeImport } from './importFile.ts';
import type { ImportOptions, ImportSummary } from './types.ts';

/**
 * What writeImport would return, the project left as it was: the import runs in a
 * transaction that is always rolled back. So the counts (videos new to the project,
 * segments, labels, layers, rows replaced) and the warnings are exactly the import's, for
 * every format of the registry without a counting function of its own. The write is
 * synchronous, so nothing else on this connection sees the rows in between.
 */
export function previewImport(
  project: Project,
  plan: ImportPlan,
  options: ImportOptions = {},
): ImportSummary {
  const { db } = project;
  db.exec('BEGIN IMMEDIATE');
  try {
    // writeImport's own transaction joins this one (inTransaction nests).
    return writeImport(project, plan, options);
  } finally {
    db.exec('ROLLBACK');
  }
}
