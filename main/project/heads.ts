import type { DatabaseSync } from 'node:sqlite';
import { headManifestSchema, type HeadManifest } from '../../shared/heads/headManifest.ts';
import { ActionlineError } from '../base/errors.ts';
import type { HeadMetrics, HeadOptions } from '../learn/types.ts';

/**
 * A project's heads (issue 26): classifiers of its label set trained on its reviewed videos'
 * features, each stored whole (ONNX graph, version-2 manifest, what it learnt from, held-out
 * metrics) and addressed by name (`head:NAME`). Stores and re-reads only: training is
 * runs/projectHead.ts's.
 */

/** What a head was trained on, kept with it so that a later look can say. */
export interface HeadTraining {
  options: HeadOptions;
  annotator: string;
  /** Reviewed videos and their snippets per class (background first), held-out ones marked. */
  videos: { videoId: string; snippetsPerClass: number[]; heldOut: boolean }[];
  notes: string[];
}

export interface NewHead {
  name: string;
  manifest: HeadManifest;
  onnx: Uint8Array;
  backboneRunId: number;
  annotatorId: number;
  training: HeadTraining;
  metrics: HeadMetrics;
}

export interface HeadRecord {
  id: number;
  name: string;
  createdAt: string;
  backbone: { modelId: string; modelVersion: string; runId: number | null };
  manifest: HeadManifest;
  training: HeadTraining;
  metrics: HeadMetrics;
}

/** Names a user types after `head:`: letters, digits, ".", "_", "-". */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkHeadName(name: string): void {
  if (!NAME.test(name)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `"${name}" is not a head name: use letters, digits, ".", "_" and "-" (at most 64)`,
    );
  }
}

/** The project's own id (migration 6), which its heads' manifests carry. */
export function projectUid(db: DatabaseSync): string {
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'project_uid'`).get() as
    { value: string } | undefined;
  if (!row) throw new ActionlineError('INTERNAL', 'the project has no project_uid');
  return row.value;
}

export function storeHead(db: DatabaseSync, head: NewHead): HeadRecord {
  checkHeadName(head.name);
  if (findHead(db, head.name)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `the project has a head "${head.name}" already: choose another name or delete it first`,
    );
  }
  const { backbone } = head.manifest.input.features;
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO heads (name, created_at, backbone_model_id, backbone_model_version,
         backbone_run_id, annotator_id, manifest_json, onnx, training_json, metrics_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      head.name,
      head.manifest.version,
      backbone.id,
      backbone.version,
      head.backboneRunId,
      head.annotatorId,
      JSON.stringify(head.manifest),
      head.onnx,
      JSON.stringify(head.training),
      JSON.stringify(head.metrics),
    );
  return headById(db, Number(lastInsertRowid))!;
}

/** Newest first. */
export function listHeads(db: DatabaseSync): HeadRecord[] {
  const rows = db
    .prepare(`SELECT ${COLUMNS} FROM heads ORDER BY created_at DESC, id DESC`)
    .all() as unknown as HeadRow[];
  return rows.map(toRecord);
}

export function findHead(db: DatabaseSync, name: string): HeadRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM heads WHERE name = ?`).get(name) as
    HeadRow | undefined;
  return row ? toRecord(row) : null;
}

/** The head of that name, or an error listing the project's heads. */
export function requireHead(db: DatabaseSync, name: string): HeadRecord {
  const head = findHead(db, name);
  if (head) return head;
  const names = listHeads(db).map((h) => h.name);
  throw new ActionlineError(
    'BAD_ARGUMENT',
    names.length === 0
      ? `the project has no head "${name}" (none is trained yet: \`actionline train\`)`
      : `the project has no head "${name}"; its heads: ${names.join(', ')}`,
  );
}

export function headOnnx(db: DatabaseSync, headId: number): Uint8Array {
  const row = db.prepare('SELECT onnx FROM heads WHERE id = ?').get(headId) as
    { onnx: Uint8Array } | undefined;
  if (!row) throw new ActionlineError('BAD_ARGUMENT', `no head ${headId} in this project`);
  return row.onnx;
}

/** Deletes the head; the runs it made keep their scores and suggestions. */
export function deleteHead(db: DatabaseSync, name: string): void {
  requireHead(db, name);
  db.prepare('DELETE FROM heads WHERE name = ?').run(name);
}

function headById(db: DatabaseSync, id: number): HeadRecord | null {
  const row = db.prepare(`SELECT ${COLUMNS} FROM heads WHERE id = ?`).get(id) as
    HeadRow | undefined;
  return row ? toRecord(row) : null;
}

const COLUMNS = `id, name, created_at, backbone_model_id, backbone_model_version,
  backbone_run_id, manifest_json, training_json, metrics_json`;

interface HeadRow {
  id: number;
  name: string;
  created_at: string;
  backbone_model_id: string;
  backbone_model_version: string;
  backbone_run_id: number | null;
  manifest_json: string;
  training_json: string;
  metrics_json: string;
}

function toRecord(row: HeadRow): HeadRecord {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    backbone: {
      modelId: row.backbone_model_id,
      modelVersion: row.backbone_model_version,
      runId: row.backbone_run_id,
    },
    manifest: headManifestSchema.parse(JSON.parse(row.manifest_json)),
    training: JSON.parse(row.training_json) as HeadTraining,
    metrics: JSON.parse(row.metrics_json) as HeadMetrics,
  };
}
