import type { DatabaseSync } from 'node:sqlite';
import { type ImportRecord, listImportEntries, updateImport } from './importLog.ts';

/** What re-mapping did for one import of a video, for the user. */
export interface FrameRemap {
  file: string;
  fromFps: number;
  toFps: number;
  /** Imported segments moved to where their frames really are. */
  segments: number;
  /** Layers left as they were because a later import wrote them again. */
  skippedLayers: string[];
}

/**
 * Once a video's media is probed: the segments an import read from decoded-frame numbers
 * (FiftyOne, CVAT: `remapWhenProbed`) at a rate it had to assume are moved to the probed
 * rate, t × assumed / probed, and clipped to the duration. Only segments still as imported
 * move (an edit is the annotator's own placement), and only in layers no later import has
 * written (that import replaced them, and its times are its own). The import's record then
 * says what was re-mapped, so linking again does nothing. In the caller's transaction.
 */
export function remapImportedFrames(
  db: DatabaseSync,
  videoId: string,
  probedFps: number,
  durationSec: number | null,
): FrameRemap[] {
  const entries = listImportEntries(db);
  const remaps: FrameRemap[] = [];
  entries.forEach(({ key, record }, index) => {
    const fromFps = record.frameRates?.[videoId];
    if (!record.remapWhenProbed || fromFps === undefined) return;
    const later = new Set(entries.slice(index + 1).flatMap((e) => layersOf(e.record)));
    const layers = layersOf(record);
    const skippedLayers = layers.filter((layer) => later.has(layer));
    let segments = 0;
    if (Math.abs(fromFps - probedFps) > 1e-9) {
      const scale = fromFps / probedFps;
      for (const layer of layers.filter((l) => !later.has(l))) {
        segments += rescaleLayer(db, videoId, layer, scale, durationSec);
      }
    }
    const { [videoId]: _, ...frameRates } = record.frameRates!;
    updateImport(db, key, {
      ...record,
      frameRates,
      remapped: { ...record.remapped, [videoId]: { fromFps, toFps: probedFps, segments } },
    });
    if (segments > 0 || skippedLayers.length > 0) {
      remaps.push({ file: record.file, fromFps, toFps: probedFps, segments, skippedLayers });
    }
  });
  return remaps;
}

function layersOf(record: ImportRecord): string[] {
  return record.annotators ?? (record.annotator === null ? [] : [record.annotator]);
}

function rescaleLayer(
  db: DatabaseSync,
  videoId: string,
  layer: string,
  scale: number,
  durationSec: number | null,
): number {
  const result = db
    .prepare(
      `UPDATE segments
       SET start_sec = min(start_sec * :scale, coalesce(:limit, start_sec * :scale)),
           end_sec = min(end_sec * :scale, coalesce(:limit, end_sec * :scale))
       WHERE video_id = :videoId AND provenance = 'imported'
         AND annotator_id = (SELECT id FROM annotators WHERE name = :layer)`,
    )
    .run({ scale, limit: durationSec, videoId, layer });
  return Number(result.changes);
}

/** One line for a re-map, naming the video's file and the import. */
export function remapNote(file: string, remap: FrameRemap): string {
  const rates = `${round(remap.fromFps)} fps (assumed when ${remap.file} was imported) to the probed ${round(remap.toFps)} fps`;
  const moved = `${file}: ${remap.segments} imported segment${remap.segments === 1 ? '' : 's'} re-mapped from ${rates}`;
  if (remap.skippedLayers.length === 0) return moved;
  return `${moved}; not the layers ${remap.skippedLayers.join(', ')}, which a later import wrote`;
}

function round(fps: number): string {
  return String(Math.round(fps * 1000) / 1000);
}
