import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { classNames, getActiveLabelSet } from '../../project/labelSets.ts';
import { eafText, type EafModel, type EafTier } from '../elan/writeEaf.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { layerSegments, type LayerSegment, type LayerSelection } from './layerSegments.ts';

/**
 * ELAN annotation documents (formats/elan/writeEaf.ts): an .eaf links one media file, so
 * the export of several videos is a folder with `<video id>.eaf` each (of one video, that
 * file). Each file has one tier per
 * annotator of the export (the same tiers in every file, so a team sees everyone's), one
 * annotation per segment, times rounded to ELAN's milliseconds; the controlled vocabulary
 * (named after it) the project's active label set (classes) and every other exported label; the
 * media descriptor the video's file (file URL, and `./name` relative, which ELAN tries when
 * the absolute path is not found) or its URL. ELAN allows no overlapping annotations on one
 * tier, so an annotator's overlapping segments continue on "<name> (2)", … (ANNOTATOR set,
 * read back into the same layer). No TIME_ORIGIN is written: it is ELAN's media offset
 * (annotation time 0 that far into the file, as players count it from the first frame),
 * and Actionline's time 0 is already the first decoded frame; the container's start offset
 * the project stores is subtracted before any time is stored.
 */
export interface ElanExportOptions extends LayerSelection {
  /** The DATE written (default now). */
  date?: Date;
}

interface VideoRow {
  id: string;
  path: string | null;
  url: string | null;
}

export function elanText(db: DatabaseSync, options: ElanExportOptions = {}): ExportText {
  const videos = videoRows(db, options);
  const segments = layerSegments(db, options);
  const byVideo = new Map<string, LayerSegment[]>();
  for (const s of segments) {
    let list = byVideo.get(s.videoId);
    if (!list) byVideo.set(s.videoId, (list = []));
    list.push(s);
  }
  const annotators = [...new Set(segments.map((s) => s.annotator))].sort();
  const active = getActiveLabelSet(db);
  const labels = [
    ...new Set([...(active ? classNames(db, active.id) : []), ...labelsOf(segments)]),
  ];
  const base: Omit<EafModel, 'media' | 'tiers'> = {
    date: (options.date ?? new Date()).toISOString(),
    vocabularyId: active?.name ?? 'Actionline labels',
    labels,
  };
  const files: { name: string; text: string }[] = [];
  const badIds: string[] = [];
  let zeroLength = 0;
  let replaced = 0;
  let written = 0;
  for (const video of videos) {
    if (!isFileName(video.id)) {
      badIds.push(video.id);
      continue;
    }
    const own = (byVideo.get(video.id) ?? []).map((s) => ({
      annotator: s.annotator,
      startMs: Math.round(s.startSec * 1000),
      endMs: Math.round(s.endSec * 1000),
      label: s.label,
    }));
    const kept = own.filter((a) => a.endMs > a.startMs);
    zeroLength += own.length - kept.length;
    written += kept.length;
    const eaf = eafText({ ...base, media: mediaOf(video), tiers: tiersOf(annotators, kept) });
    replaced += eaf.replaced;
    files.push({ name: `${video.id}.eaf`, text: eaf.text });
  }
  const warnings: string[] = [];
  if (zeroLength > 0) {
    warnings.push(
      `${zeroLength} segment(s) shorter than ELAN's millisecond left out (ELAN has no empty annotations)`,
    );
  }
  if (badIds.length > 0) {
    warnings.push(
      `${badIds.length} video(s) left out: their id cannot be a file name (${badIds
        .slice(0, 5)
        .map((id) => JSON.stringify(id))
        .join(', ')})`,
    );
  }
  if (replaced > 0) {
    warnings.push(`${replaced} character(s) XML cannot hold were written as U+FFFD`);
  }
  // One video: --out is its .eaf, as CVAT's one task is one file; several: a folder.
  const one = files.length <= 1;
  return {
    // No video: a document with the vocabulary alone, a template to annotate with.
    text: one ? (files[0]?.text ?? eafText({ ...base, media: null, tiers: [] }).text) : '',
    ...(!one && { files }),
    warnings,
    videoCount: files.length,
    itemCount: written,
  };
}

function labelsOf(segments: readonly LayerSegment[]): string[] {
  return [...new Set(segments.map((s) => s.label))].sort();
}

/** One tier per annotator; segments that overlap one already on it go to the next tier. */
function tiersOf(
  annotators: readonly string[],
  annotations: readonly { annotator: string; startMs: number; endMs: number; label: string }[],
): EafTier[] {
  const taken = new Set(annotators);
  const tiers: EafTier[] = [];
  for (const annotator of annotators) {
    const own = annotations
      .filter((a) => a.annotator === annotator)
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
    const lanes: EafTier[] = [{ tierId: annotator, annotator, annotations: [] }];
    for (const a of own) {
      let lane = lanes.find((l) => (l.annotations.at(-1)?.endMs ?? -1) <= a.startMs);
      if (lane === undefined) {
        let n = lanes.length + 1;
        while (taken.has(`${annotator} (${n})`)) n++;
        const tierId = `${annotator} (${n})`;
        taken.add(tierId);
        lanes.push((lane = { tierId, annotator, annotations: [] }));
      }
      lane.annotations.push({ startMs: a.startMs, endMs: a.endMs, label: a.label });
    }
    tiers.push(...lanes);
  }
  return tiers;
}

const MIME_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.mov': 'video/quicktime',
  '.wav': 'audio/x-wav',
};

function mediaOf(video: VideoRow): EafModel['media'] {
  const source = video.path ?? video.url;
  if (source === null) return null;
  const name = video.path !== null ? path.basename(video.path) : path.posix.basename(video.url!);
  const mimeType = MIME_TYPES[path.extname(name).toLowerCase()] ?? 'video/*';
  if (video.path !== null) {
    return {
      url: pathToFileURL(video.path).href,
      relativeUrl: `./${encodeURIComponent(name)}`,
      mimeType,
    };
  }
  return { url: video.url!, relativeUrl: null, mimeType };
}

/** A video id the file system takes as one file name on every platform. */
function isFileName(id: string): boolean {
  return (
    id.trim() === id &&
    id !== '' &&
    id !== '.' &&
    id !== '..' &&
    !/[\\/:*?"<>|\u0000-\u001f]/.test(id)
  );
}

function videoRows(db: DatabaseSync, selection: LayerSelection): VideoRow[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(`SELECT id, path, url FROM videos ${where} ORDER BY id`)
    .all(...params) as unknown as VideoRow[];
}
