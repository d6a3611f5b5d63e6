import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Project } from '../../project/project.ts';
import { writeImport, type ImportPlan } from './importFile.ts';
import { unknownLabelWarning } from './labelStudioImport.ts';
import type { ImportOptions, ImportSummary } from './types.ts';

/** What `actionline import --dry-run` tells: the import's summary, what it would lose, the rest. */
export interface ImportDryRun {
  summary: ImportSummary;
  /** The project file did not exist: the dry run used an empty project, and made none. */
  newProject: boolean;
  /**
   * What the import would lose or change: labels outside the active label set, annotators
   * folded into one layer, rows left out, segments past their video's end, an earlier
   * import's segments replaced.
   */
  losses: string[];
  /** The import's other warnings. */
  warnings: string[];
}

/** Warnings of the formats that say something is lost (writeLayers, Label Studio, the parsers). */
const LOSS_WARNING = /all went into the layer of|left out|not kept/;
const LISTED = 3;

/**
 * Runs the whole import, the import log's record included, in a transaction that is always
 * rolled back, and reads what it wrote before the rollback: the counts and warnings are the
 * import's own. A project file that does not exist is not created: the import runs in an
 * empty project in a temporary folder, removed afterwards.
 */
export function dryRunImportFile(
  projectFile: string,
  plan: ImportPlan,
  options: ImportOptions = {},
): ImportDryRun {
  const newProject = !existsSync(projectFile);
  const scratch = newProject ? mkdtempSync(path.join(tmpdir(), 'actionline-dry-run-')) : null;
  const project = Project.open(scratch ? path.join(scratch, 'p.actionline') : projectFile, {
    create: newProject,
  });
  try {
    return { ...dryRunImport(project, plan, options), newProject };
  } finally {
    project.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

export function dryRunImport(
  project: Project,
  plan: ImportPlan,
  options: ImportOptions = {},
): Omit<ImportDryRun, 'newProject'> {
  const { db } = project;
  db.exec('BEGIN IMMEDIATE');
  try {
    const { last } = db.prepare('SELECT coalesce(max(id), 0) AS last FROM segments').get() as {
      last: number;
    };
    // writeImport's transaction joins this one (inTransaction nests).
    const summary = writeImport(project, plan, options);
    // Segment ids are AUTOINCREMENT, never reused: every row above `last` is the import's.
    const written = db
      .prepare(
        `SELECT s.video_id AS videoId, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
           v.duration_sec AS durationSec
         FROM segments s JOIN videos v ON v.id = s.video_id WHERE s.id > ? ORDER BY s.id`,
      )
      .all(last) as {
      videoId: string;
      startSec: number;
      endSec: number;
      label: string;
      durationSec: number | null;
    }[];
    const unknown = unknownLabelWarning(db, new Set(written.map((s) => s.label)), plan.file);
    const losses = [...unknown];
    const pastEnd = written.filter((s) => s.durationSec !== null && s.endSec > s.durationSec);
    if (pastEnd.length > 0) {
      const named = pastEnd
        .slice(0, LISTED)
        .map((s) => `${s.videoId} ends at ${s.endSec} s of ${s.durationSec} s`);
      if (pastEnd.length > LISTED) named.push(`… ${pastEnd.length - LISTED} more`);
      losses.push(
        `${pastEnd.length} segment(s) end after their video's duration (${named.join('; ')}): stored as they are, the part past the end is never played`,
      );
    }
    if (summary.replaced > 0) {
      losses.push(
        `${summary.replaced} segment(s) of an earlier import of the same data would be replaced (segments edited since are kept)`,
      );
    }
    const warnings: string[] = [];
    for (const warning of summary.warnings) {
      if (unknown.includes(warning)) continue;
      (LOSS_WARNING.test(warning) ? losses : warnings).push(warning);
    }
    return { summary, losses, warnings };
  } finally {
    db.exec('ROLLBACK');
  }
}
