import {
  isThumosPath,
  parseThumosGroundTruth,
  readThumosGroundTruth,
  type ThumosGroundTruth,
} from '../thumos14/groundTruthFiles.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { writeLayers } from './writeLayers.ts';

export interface Thumos14GroundTruthPlan extends BaseImportPlan {
  format: 'thumos14-gt';
  kind: 'groundTruth';
  data: ThumosGroundTruth;
}

/**
 * THUMOS14 ground truth (formats/thumos14/): a folder of `<Class>_val.txt` /
 * `<Class>_test.txt` files, or one of them. Each line becomes an imported segment labelled
 * with the file's class, in "ground truth" or `--annotator NAME`'s layer; the videos get the
 * file's subset (val → validation, test → testing). Ambiguous segments are left out.
 */
export const thumos14GroundTruthImport: ImportFormat<Thumos14GroundTruthPlan> = {
  name: 'thumos14-gt',
  title:
    'THUMOS14 ground truth: a folder of <Class>_val.txt / <Class>_test.txt files ("video start end" in seconds), or one of them',
  detect: () => false,
  claimsPath: isThumosPath,
  readPath: readThumosGroundTruth,
  plan(input, file) {
    const data = parseThumosGroundTruth(input, file);
    return {
      format: 'thumos14-gt',
      kind: 'groundTruth',
      file,
      data,
      warnings: data.warnings,
      groundTruth: true,
    };
  },
  write: (db, plan, options) =>
    writeLayers(
      db,
      plan.file,
      plan.data.videos,
      plan.data.segments.map((s) => ({
        videoId: s.videoId,
        segment: { startSec: s.startSec, endSec: s.endSec },
        label: s.label,
        annotator: null,
      })),
      options,
    ),
  contents: () => 'THUMOS14 ground truth',
};
