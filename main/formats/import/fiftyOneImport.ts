import { frameStartSec, type Rational } from '../../../shared/time/rational.ts';
import {
  isFiftyOneLabels,
  parseFiftyOneLabels,
  type FiftyOneExtent,
  type FiftyOneLabels,
} from '../fiftyone/parseTemporalDetections.ts';
import { framesToSeconds } from '../labelStudio/frames.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { decodedFrameRates, rateSummary } from './decodedFrameRates.ts';
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

const FIFTYONE_RATES = {
  fallbackFps: FIFTYONE_FALLBACK_FPS,
  fallbackWhy: 'labels.json keeps no frame rate',
};

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
    const rates = decodedFrameRates(
      db,
      plan.data.videos.map((v) => v.videoId),
      FIFTYONE_RATES,
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
    const rated = rateSummary(rates, plan.file, FIFTYONE_RATES);
    return { ...summary, ...rated, warnings: [...rated.warnings, ...summary.warnings] };
  },
  contents: () => 'FiftyOne temporal detections',
};

function toSeconds(extent: FiftyOneExtent, fps: Rational): { startSec: number; endSec: number } {
  if (extent.kind === 'frames') return framesToSeconds(extent.first, extent.last, fps);
  // A timestamp is where its frame starts (ETA's frame_number_to_timestamp): the last frame is held for one frame.
  return { startSec: extent.first, endSec: extent.last + frameStartSec(1, fps) };
}
