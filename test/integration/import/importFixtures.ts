import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';

/** Small valid ActivityNet documents and project digests shared by the import tests. */

export function groundTruthDoc() {
  return {
    version: 'VERSION 1.3',
    taxonomy: [
      { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
      { nodeId: 1, nodeName: 'Sports', parentId: 0, parentName: 'Root' },
      { nodeId: 7, nodeName: 'Wakeboarding', parentId: 1, parentName: 'Sports' },
      { nodeId: 3, nodeName: 'Mooping floor', parentId: 0, parentName: 'Root' },
    ],
    database: {
      bYUmtLBL7W4: {
        subset: 'validation',
        duration: 224.49,
        resolution: '1920x1080',
        url: 'https://www.youtube.com/watch?v=bYUmtLBL7W4',
        annotations: [
          // In start order, as export writes them (the round-trip test compares).
          { segment: [0.1 + 0.2, 99.99999999999999], label: 'Wakeboarding' },
          { segment: [11.55, 57.07], label: 'Wakeboarding' },
        ],
      },
      '17': {
        subset: 'training',
        duration: 30,
        resolution: '640x360',
        url: 'https://www.youtube.com/watch?v=17',
        annotations: [{ segment: [5, 5], label: 'Mooping floor' }],
      },
      'v_ünïcode id': { subset: 'testing', duration: 12.5, annotations: [] },
    },
  };
}

export function detectionDoc() {
  return {
    version: 'VERSION 1.3',
    external_data: { used: true, details: 'Kinetics-400 pretraining' },
    results: {
      bYUmtLBL7W4: [
        { label: 'Wakeboarding', score: 0.93, segment: [12.0, 55.5] },
        { label: 'Mooping floor', score: 0.1, segment: [60, 61] },
      ],
      newVideo: [{ label: 'Wakeboarding', score: 0.5, segment: [1, 2] }],
    },
  };
}

export function classificationDoc() {
  return {
    version: 'VERSION 1.3',
    external_data: { used: false, details: '' },
    results: {
      bYUmtLBL7W4: [
        { label: 'Wakeboarding', score: 0.93 },
        { label: 'Mooping floor', score: 0.02 },
      ],
    },
  };
}

export function proposalsDoc() {
  return {
    version: 'VERSION 1.3',
    external_data: {},
    results: { bYUmtLBL7W4: [{ score: 0.7, segment: [10, 20] }] },
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `actionline-${prefix}-`));
}

export function writeJson(dir: string, name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const TABLES = [
  'meta',
  'annotators',
  'label_sets',
  'labels',
  'class_mappings',
  'videos',
  'model_runs',
  'run_streams',
  'snippet_scores',
  'segments',
  'prediction_reviews',
  'video_labels',
  'edits',
];

/** SHA-256 of every row of every table, in rowid order: equal digests, equal contents. */
export function projectDigest(db: DatabaseSync): string {
  const hash = createHash('sha256');
  for (const table of TABLES) {
    hash.update(`\u0000${table}\u0000`);
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all()) {
      hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
  }
  return hash.digest('hex');
}

/**
 * A cheap digest for the fuzz loop: per table the row count and largest rowid, plus sums
 * over the segment and video columns an import writes. A failed import that wrote anything
 * and rolled nothing back changes one of these.
 */
export function quickDigest(db: DatabaseSync): string {
  const counts = TABLES.map(
    (t) => `(SELECT count(*) || '/' || coalesce(max(rowid), 0) FROM ${t})`,
  ).join(` || ',' || `);
  const row = db
    .prepare(
      `SELECT ${counts} AS counts,
         (SELECT total(start_sec) || '/' || total(end_sec) || '/' || total(length(label))
            || '/' || total(coalesce(score, 0)) FROM segments) AS segments,
         (SELECT total(coalesce(duration_sec, 0)) || '/' || total(length(coalesce(subset, '')))
            || '/' || total(length(coalesce(url, ''))) FROM videos) AS videos,
         (SELECT group_concat(key || '=' || length(value)) FROM meta) AS meta,
         (SELECT group_concat(length(params_json)) FROM model_runs) AS runs`,
    )
    .get() as Record<string, unknown>;
  return JSON.stringify(row);
}
