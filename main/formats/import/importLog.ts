import type { DatabaseSync } from 'node:sqlite';

/** One import as the project remembers it, so that a user can see where data came from. */
export interface ImportRecord {
  file: string;
  kind: string;
  importedAt: string;
  annotator: string | null;
  /** Imports that filled several annotators' layers (Label Studio) name them all. */
  annotators?: string[];
  runId: number | null;
  labelSetId: number | null;
  videos: number;
  segments: number;
  videoLabels: number;
  /** Label Studio: the rate each video without a probed rate was read at (ImportSummary). */
  frameRates?: Record<string, number>;
  /** Those frames count decoded frames: re-map them once the media is probed (ImportSummary). */
  remapWhenProbed?: boolean;
  /** Videos whose segments were re-mapped to their probed rate (remapFrameRates.ts), by id. */
  remapped?: Record<string, { fromFps: number; toFps: number; segments: number }>;
  /** Videos the import marked 'reviewed' (`--mark-reviewed`); absent without that option. */
  markedReviewed?: number;
}

const KEY_PREFIX = 'import:';

/**
 * Appends the record to the meta table as `import:<n>` (n = 1, 2, …) with a JSON value;
 * written in the import's transaction, so a failed import leaves no record either.
 */
export function recordImport(db: DatabaseSync, record: ImportRecord): void {
  const { n } = db.prepare(`SELECT count(*) AS n FROM meta WHERE key GLOB 'import:*'`).get() as {
    n: number;
  };
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
    `${KEY_PREFIX}${Number(n) + 1}`,
    JSON.stringify(record),
  );
}

/** Every recorded import, oldest first. */
export function listImports(db: DatabaseSync): ImportRecord[] {
  return listImportEntries(db).map((entry) => entry.record);
}

/** Every recorded import with its meta key, oldest first, for updateImport. */
export function listImportEntries(db: DatabaseSync): { key: string; record: ImportRecord }[] {
  return (
    db
      .prepare(
        `SELECT key, value FROM meta WHERE key GLOB 'import:*'
         ORDER BY CAST(substr(key, ${KEY_PREFIX.length + 1}) AS INTEGER)`,
      )
      .all() as { key: string; value: string }[]
  ).map((row) => ({ key: row.key, record: JSON.parse(row.value) as ImportRecord }));
}

/** Rewrites one recorded import (what was re-mapped since). */
export function updateImport(db: DatabaseSync, key: string, record: ImportRecord): void {
  db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(JSON.stringify(record), key);
}

/**
 * The frame rate each video's frames were last read at by an import that knew no probed rate
 * (Label Studio), newest import last: what an export writes until the media is probed.
 */
export function importedFrameRates(db: DatabaseSync): Map<string, number> {
  const rates = new Map<string, number>();
  for (const record of listImports(db)) {
    for (const [videoId, fps] of Object.entries(record.frameRates ?? {})) rates.set(videoId, fps);
  }
  return rates;
}
