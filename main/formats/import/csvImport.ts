import type { DatabaseSync } from 'node:sqlite';
import { frameStartSec, rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import { readImportText } from './readImportJson.ts';
import { parseCsvSegments, type CsvSegments, type CsvText } from '../csv/parseCsvSegments.ts';
import { videoIdFromPath } from '../videoId.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { importedFrameRates } from './importLog.ts';
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
    const rates = frames ? frameRates(db, [...new Set(ids.values())], options.csv?.fps) : null;
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
    const recorded = Object.create(null) as Record<string, number>;
    for (const [videoId, rate] of rates) {
      if (rate.source !== 'probed') recorded[videoId] = rationalToNumber(rate.fps);
    }
    return {
      ...summary,
      frameRates: recorded,
      // Frame numbers count the video's decoded frames: re-mapped once it is probed.
      ...(Object.keys(recorded).length > 0 && { remapWhenProbed: true }),
      warnings: [rateWarning(rates, file), ...summary.warnings],
    };
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

type RateSource = 'probed' | 'option' | 'imported' | 'fallback';

function frameRates(
  db: DatabaseSync,
  videoIds: readonly string[],
  optionFps: Rational | undefined,
): Map<string, { fps: Rational; source: RateSource }> {
  const select = db.prepare('SELECT fps_num, fps_den FROM videos WHERE id = ?');
  const imported = importedFrameRates(db);
  const rates = new Map<string, { fps: Rational; source: RateSource }>();
  for (const videoId of videoIds) {
    const row = select.get(videoId) as
      { fps_num: number | null; fps_den: number | null } | undefined;
    if (row && row.fps_num !== null && row.fps_den !== null && row.fps_num > 0 && row.fps_den > 0) {
      rates.set(videoId, { fps: { num: row.fps_num, den: row.fps_den }, source: 'probed' });
    } else if (optionFps !== undefined) {
      rates.set(videoId, { fps: optionFps, source: 'option' });
    } else {
      const earlier = imported.get(videoId);
      rates.set(videoId, {
        fps: { num: earlier ?? CSV_FALLBACK_FPS, den: 1 },
        source: earlier === undefined ? 'fallback' : 'imported',
      });
    }
  }
  return rates;
}

const LISTED = 5;

/** One line: which videos' frames were read at which rate. */
function rateWarning(
  rates: ReadonlyMap<string, { fps: Rational; source: RateSource }>,
  file: string,
): string {
  const groups: [RateSource, string][] = [
    ['probed', "the project's probed rate"],
    ['option', '--fps'],
    ['imported', 'the rate an earlier import read them at (media not probed)'],
    [
      'fallback',
      `${CSV_FALLBACK_FPS} fps (media not probed, no --fps: adding the video later re-maps them to its probed rate)`,
    ],
  ];
  const parts = groups.flatMap(([source, what]) => {
    const ids = [...rates].filter(([, r]) => r.source === source);
    if (ids.length === 0) return [];
    const named = ids.map(([id, r]) => `${id} ${Number(rationalToNumber(r.fps).toFixed(3))} fps`);
    const shown = named.slice(0, LISTED).join(', ');
    const more = named.length > LISTED ? `, … ${named.length - LISTED} more` : '';
    return [`${what} for ${ids.length} video(s) (${shown}${more})`];
  });
  return `${file}: frame numbers read at ${parts.join('; at ')}`;
}
