import type { DatabaseSync } from 'node:sqlite';
import type { Rational } from '../../../shared/time/rational.ts';
import { classNames, getActiveLabelSet } from '../../project/labelSets.ts';
import { FIFTYONE_FALLBACK_FPS } from '../import/fiftyOneImport.ts';
import { importedFrameRates } from '../import/importLog.ts';
import { rateOf, secondsToFrames } from '../labelStudio/frames.ts';
import { missingSubsetOf, type ExportText } from './exportTypes.ts';
import { layerSegments, type LayerSelection } from './layerSegments.ts';

/**
 * FiftyOne's `FiftyOneTemporalDetectionDataset` labels.json, as its exporter writes one
 * (fiftyone/utils/data/exporters.py; sources in test/fixtures/formats/fiftyone/README.md):
 * `{"classes": [...], "labels": {video id: [{"label": class index, "support": [first, last],
 * "attributes": {"annotator": name}}]}}`, the video id being the uuid FiftyOne gives a media
 * file (its name without extension; put the media in `data/` beside labels.json and load the
 * folder with `fo.Dataset.from_dir(dir, fo.types.FiftyOneTemporalDetectionDataset)`). Frames
 * are 1-based and inclusive at the video's probed rate, else the rate its import read it at,
 * else 30 fps (warned): [s, e) → [⌈s·fps⌉ + 1, ⌈e·fps⌉]. Classes: the active label set's, then
 * any other label written, sorted. Deterministic: videos by id, segments in export order.
 */
export function fiftyOneText(db: DatabaseSync, selection: LayerSelection = {}): ExportText {
  const videos = videoRows(db, selection);
  const imported = importedFrameRates(db);
  const segments = layerSegments(db, selection);
  const classes = classList(db, new Set(segments.map((s) => s.label)));
  const indexOf = new Map(classes.map((c, i) => [c, i]));
  const fpsOf = new Map<string, Rational>();
  const fallback: string[] = [];
  const asImported: string[] = [];
  for (const v of videos) {
    if (v.fps_num !== null && v.fps_den !== null && v.fps_num > 0 && v.fps_den > 0) {
      fpsOf.set(v.id, { num: v.fps_num, den: v.fps_den });
    } else {
      const rate = imported.get(v.id);
      (rate === undefined ? fallback : asImported).push(v.id);
      fpsOf.set(v.id, rateOf(rate ?? FIFTYONE_FALLBACK_FPS));
    }
  }
  const lines = new Map<string, string[]>(videos.map((v) => [v.id, []]));
  let widened = 0;
  for (const s of segments) {
    const frames = secondsToFrames(s.startSec, s.endSec, fpsOf.get(s.videoId)!);
    if (frames.widened) widened++;
    lines
      .get(s.videoId)!
      .push(
        `      {"label": ${indexOf.get(s.label)!}, "support": [${frames.start}, ${frames.end}], "attributes": {"annotator": ${JSON.stringify(s.annotator)}}}`,
      );
  }
  const body = [...lines].map(
    ([id, list]) =>
      `    ${JSON.stringify(id)}: ${list.length === 0 ? '[]' : `[\n${list.join(',\n')}\n    ]`}`,
  );
  const classText =
    classes.length === 0
      ? '[]'
      : `[\n${classes.map((c) => `    ${JSON.stringify(c)}`).join(',\n')}\n  ]`;
  const text = `{\n  "classes": ${classText},\n  "labels": ${body.length === 0 ? '{}' : `{\n${body.join(',\n')}\n  }`}\n}\n`;
  const warnings: string[] = [];
  if (asImported.length > 0) {
    warnings.push(
      `${asImported.length} video(s) have no probed frame rate (${listed(asImported)}): frames at the rate their import read them at`,
    );
  }
  if (fallback.length > 0) {
    warnings.push(
      `${fallback.length} video(s) have no probed frame rate (${listed(fallback)}): frames at ${FIFTYONE_FALLBACK_FPS} fps; link and probe their media for frame-exact supports`,
    );
  }
  if (widened > 0) {
    warnings.push(
      `${widened} segment(s) shorter than a frame written as the one frame they start in`,
    );
  }
  return { text, warnings, videoCount: videos.length, itemCount: segments.length };
}

interface VideoRow {
  id: string;
  fps_num: number | null;
  fps_den: number | null;
}

function videoRows(db: DatabaseSync, selection: LayerSelection): VideoRow[] {
  const where = selection.subset === undefined ? '' : 'WHERE coalesce(subset, ?) = ?';
  const params =
    selection.subset === undefined ? [] : [missingSubsetOf(selection), selection.subset];
  return db
    .prepare(`SELECT id, fps_num, fps_den FROM videos ${where} ORDER BY id`)
    .all(...params) as unknown as VideoRow[];
}

function classList(db: DatabaseSync, written: ReadonlySet<string>): string[] {
  const active = getActiveLabelSet(db);
  const labels = active === null ? [] : classNames(db, active.id);
  const known = new Set(labels);
  return [...labels, ...[...written].filter((l) => !known.has(l)).sort()];
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, 5).join(', ');
  return items.length > 5 ? `${shown}, … ${items.length - 5} more` : shown;
}
