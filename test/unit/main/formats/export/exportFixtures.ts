import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Project } from '../../../../../main/project/project.ts';
import type { Provenance } from '../../../../../main/project/types.ts';

/** Small hand-made projects for the exporter tests: a real SQLite file in a temp folder. */
export function tempProject(): Project {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-export-'));
  return Project.open(path.join(dir, 'p.actionline'), { create: true });
}

/** A segment row written directly (imported ground truth has no edit action). */
export function insertSegment(
  db: DatabaseSync,
  row: {
    videoId: string;
    startSec: number;
    endSec: number;
    label: string;
    provenance: Provenance;
    annotatorId: number | null;
    score?: number | null;
  },
): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO segments (video_id, start_sec, end_sec, label, score, provenance, annotator_id, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00.000Z')`,
    )
    .run(
      row.videoId,
      row.startSec,
      row.endSec,
      row.label,
      row.score ?? null,
      row.provenance,
      row.annotatorId,
      row.annotatorId,
    );
  return Number(lastInsertRowid);
}

/** An ActivityNet label set with these nodes, in this order. */
export function insertTaxonomy(
  db: DatabaseSync,
  name: string,
  nodes: { nodeId: number; nodeName: string; parentId: number | null; parentName: string | null }[],
): void {
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO label_sets (name, kind) VALUES (?, 'activitynet')`)
    .run(name);
  const insert = db.prepare(
    `INSERT INTO labels (label_set_id, position, name, node_id, parent_node_id, parent_name) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  nodes.forEach((n, i) =>
    insert.run(lastInsertRowid, i, n.nodeName, n.nodeId, n.parentId, n.parentName),
  );
}
