import type { DatabaseSync } from 'node:sqlite';
import { frameStartSec, rationalToNumber, type Rational } from '../../../shared/time/rational.ts';
import {
  isFiftyOneLabels,
  parseFiftyOneLabels,
  type FiftyOneExtent,
  type FiftyOneLabels,
} from '../fiftyone/parseTemporalDetections.ts';
import { framesToSeconds } from '../labelStudio/frames.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { importedFrameRates } from './importLog.ts';
import type { ImportSummary } from './types.ts';
import { writeLayers, type LayerAnnotation } from './writeLayers.ts';

export interface FiftyOnePlan extends BaseImportPlan {
  format: 'fiftyone';
  kind: 'groundTruth';
  data: FiftyOneLabels;
}

/**
 * The rate frames are read at for a video whose media is not probed and that no earlier
 * import gave a rate: FiftyOne keeps none in labels.json (it reads the media's metadata).
 */
export const FIFTYONE_FALLBACK_FPS = 30;

/**
 * FiftyOne `FiftyOneTemporalDetectionDataset` labels.json (formats/fiftyone/): each video's
 * temporal detections become imported segments of "ground truth", of `--annotator NAME`, or
 * of the layer their "annotator" attribute names. Frames [first, last] (1-based, inclusive)
 * become [(first − 1)/fps, last/fps) at the video's probed rate, else at the rate an earlier
 * import read it at, else at 30 fps; a warning says which videos got which, and the import
 * records the rate so that an export before the media is probed gives the same frames.
 */
export const fiftyOneImport: ImportFormat<FiftyOnePlan> = {
  name: 'fiftyone',
  title:
    'FiftyOne FiftyOneTemporalDetectionDataset labels.json ("classes", "labels": {uuid: [{label, support: [first, last] frames}]})',
  detect: isFiftyOneLabels,
  plan(json, file) {
    const data = parseFiftyOneLabels(json, file);
    return {
      format: 'fiftyone',
      kind: 'groundTruth',
      file,
      data,
      warnings: data.warnings,
      groundTruth: true,
    };
  },
  write(db, plan, options): ImportSummary {
    const rates = frameRates(
      db,
      plan.data.videos.map((v) => v.videoId),
    );
    const annotations: LayerAnnotation[] = [];
    for (const video of plan.data.videos) {
      const fps = rates.get(video.videoId)!.fps;
      for (const d of video.detections) {
        annotations.push({
          videoId: video.videoId,
          segment: toSeconds(d.extent, fps),
          label: d.label,
          annotator: d.annotator,
        });
      }
    }
    const videos = plan.data.videos.map((v) => ({ videoId: v.videoId }));
    const summary = writeLayers(db, plan.file, videos, annotations, options);
    const recorded = Object.create(null) as Record<string, number>;
    for (const [videoId, rate] of rates) {
      if (rate.source !== 'probed') recorded[videoId] = rationalToNumber(rate.fps);
    }
    return {
      ...summary,
      frameRates: recorded,
      // FiftyOne's supports count the video's decoded frames.
      ...(Object.keys(recorded).length > 0 && { remapWhenProbed: true }),
      warnings: [...rateWarnings(rates, plan.file), ...summary.warnings],
    };
  },
  contents: () => 'FiftyOne temporal detections',
};

function toSeconds(extent: FiftyOneExtent, fps: Rational): { startSec: number; endSec: number } {
  if (extent.kind === 'frames') return framesToSeconds(extent.first, extent.last, fps);
  // A timestamp is where its frame starts (ETA's frame_number_to_timestamp): the last frame is held for one frame.
  return { startSec: extent.first, endSec: extent.last + frameStartSec(1, fps) };
}

type RateSource = 'probed' | 'imported' | 'fallback';

function frameRates(
  db: DatabaseSync,
  videoIds: readonly string[],
): Map<string, { fps: Rational; source: RateSource; variable: boolean }> {
  const select = db.prepare(
    'SELECT fps_num, fps_den, variable_frame_rate FROM videos WHERE id = ?',
  );
  const imported = importedFrameRates(db);
  const rates = new Map<string, { fps: Rational; source: RateSource; variable: boolean }>();
  for (const videoId of videoIds) {
    const row = select.get(videoId) as
      { fps_num: number | null; fps_den: number | null; variable_frame_rate: number } | undefined;
    const variable = row?.variable_frame_rate === 1;
    if (row && row.fps_num !== null && row.fps_den !== null && row.fps_num > 0 && row.fps_den > 0) {
      rates.set(videoId, {
        fps: { num: row.fps_num, den: row.fps_den },
        source: 'probed',
        variable,
      });
    } else {
      const earlier = imported.get(videoId);
      rates.set(videoId, {
        fps: { num: earlier ?? FIFTYONE_FALLBACK_FPS, den: 1 },
        source: earlier === undefined ? 'fallback' : 'imported',
        variable,
      });
    }
  }
  return rates;
}

const LISTED = 5;

function rateWarnings(
  rates: ReadonlyMap<string, { fps: Rational; source: RateSource; variable: boolean }>,
  file: string,
): string[] {
  const groups: [RateSource, string][] = [
    ['probed', "the project's probed rate"],
    ['imported', 'the rate an earlier import read them at (media not probed)'],
    [
      'fallback',
      `${FIFTYONE_FALLBACK_FPS} fps (media not probed, no rate known: adding the video later re-maps them to its probed rate)`,
    ],
  ];
  const parts = groups.flatMap(([source, what]) => {
    const ids = [...rates].filter(([, r]) => r.source === source);
    if (ids.length === 0) return [];
    const named = ids.map(([id, r]) => `${id} ${Number(rationalToNumber(r.fps).toFixed(3))} fps`);
    return [`${what} for ${ids.length} video(s) (${listed(named)})`];
  });
  const warnings =
    parts.length === 0 ? [] : [`${file}: frame numbers read at ${parts.join('; at ')}`];
  const variable = [...rates].filter(([, r]) => r.variable).map(([id]) => id);
  if (variable.length > 0) {
    warnings.push(
      `${file}: ${variable.length} video(s) have a variable frame rate (${listed(variable)}): frame numbers at one constant rate drift from the decoded frames`,
    );
  }
  return warnings;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown}, … ${items.length - LISTED} more` : shown;
}
