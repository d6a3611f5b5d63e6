import type { DatabaseSync } from 'node:sqlite';
import { frameStartSec } from '../../../shared/time/rational.ts';
import { readImportText } from './readImportJson.ts';
import { parseCsvSegments, type CsvSegments, type CsvText } from '../csv/parseCsvSegments.ts';
import { videoIdFromPath } from '../videoId.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { decodedFrameRates, rateSummary } from './decodedFrameRates.ts';
import type { ImportSummary } from './types.ts';
import { writeLayers, type LayerAnnotation } from './writeLayers.ts';

export interface CsvPlan extends BaseImportPlan {
  format: 'csv';
  kind: 'groundTruth';
  data: CsvSegments;
}

/**
 * The rate frame numbers are read at for a video without a probed rate, without `--fps` and
 * without a rate from an earlier import: a CSV keeps none.
 */
export const CSV_FALLBACK_FPS = 30;

const CSV_RATES = { fallbackFps: CSV_FALLBACK_FPS, fallbackWhy: 'no --fps was given' };

/**
 * CSV segment rows (formats/csv/): a header row names the columns video, start, end, label
 * and optionally score and annotator (common names recognised, `--columns` maps others;
 * Actionline's own CSV export reads back). Rows become imported segments of "ground truth",
 * of `--annotator NAME`, or of the layer the annotator column names. Videos: the `video_id`
 * column is taken as project video ids; another video column as file names, the name without
 * its extension as `actionline add` names videos, unless the project has a video of the
 * value itself. Start and end are seconds, or with `--units frames` frame boundaries
 * counted from 0 (frame f starts at f / fps): at the project's probed rate of the video,
 * else `--fps`, else the rate an earlier import read it at, else 30; the import log records
 * the rate of every video without a probed one.
 */
export const csvImport: ImportFormat<CsvPlan> = {
  name: 'csv',
  title:
    "CSV with a header row: video, start, end, label[, score][, annotator] (common names, or --columns; seconds or --units frames); Actionline's own CSV export",
  detect: () => false,
  claimsPath: (file, isDirectory) => !isDirectory && /\.csv$/i.test(file),
  readPath: async (file, maxBytes): Promise<CsvText> => ({
    kind: 'csv-text',
    text: await readImportText(file, maxBytes, 'a CSV file'),
  }),
  plan(input, file, options) {
    const data = parseCsvSegments(input, file, options?.csv);
    return {
      format: 'csv',
      kind: 'groundTruth',
      file,
      data,
      warnings: data.warnings,
      groundTruth: true,
    };
  },
  write(db, plan, options): ImportSummary {
    const { data, file } = plan;
    const ids = videoIds(db, data);
    const frames = data.units === 'frames';
    const rules = { ...CSV_RATES, ...(options.csv?.fps && { optionFps: options.csv.fps }) };
    const rates = frames ? decodedFrameRates(db, new Set(ids.values()), rules) : null;
    const annotations: LayerAnnotation[] = data.rows.map((row) => {
      const videoId = ids.get(row.video)!;
      const fps = rates?.get(videoId)?.fps;
      return {
        videoId,
        segment: fps
          ? { startSec: frameStartSec(row.start, fps), endSec: frameStartSec(row.end, fps) }
          : { startSec: row.start, endSec: row.end },
        label: row.label,
        annotator: row.annotator,
      };
    });
    const videos = [...new Set(ids.values())].map((videoId) => ({ videoId }));
    const summary = writeLayers(db, file, videos, annotations, options);
    if (rates === null) return summary;
    const rated = rateSummary(rates, file, rules);
    return { ...summary, ...rated, warnings: [...rated.warnings, ...summary.warnings] };
  },
  contents: () => 'CSV segment rows',
};

/** Each video value of the file → the project's video id. */
function videoIds(db: DatabaseSync, data: CsvSegments): Map<string, string> {
  const ids = new Map<string, string>();
  const known = db.prepare('SELECT 1 FROM videos WHERE id = ?');
  for (const value of data.videos) {
    if (data.videoIsId || known.get(value) !== undefined) ids.set(value, value);
    else ids.set(value, videoIdFromPath(value) || value);
  }
  return ids;
}
