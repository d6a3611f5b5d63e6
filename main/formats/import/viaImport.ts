import { isViaProject, parseViaProject, type ViaProject } from '../via/parseViaProject.ts';
import type { BaseImportPlan, ImportFormat } from './importFormat.ts';
import { writeLayers } from './writeLayers.ts';

export interface ViaPlan extends BaseImportPlan {
  format: 'via';
  kind: 'groundTruth';
  data: ViaProject;
}

/**
 * VIA 3 project JSON (formats/via/): its temporal segments become imported segments of the
 * "ground truth" layer, or of `--annotator NAME`, or of the layer each segment's "annotator"
 * attribute names (as Actionline's VIA export writes it). Videos are matched by file name.
 */
export const viaImport: ImportFormat<ViaPlan> = {
  name: 'via',
  title:
    'VIA 3 project JSON (VGG Image Annotator: "project", "attribute", "file", "view", "metadata"; temporal segments z: [start, end] in seconds)',
  detect: isViaProject,
  plan(json, file) {
    const data = parseViaProject(json, file);
    return {
      format: 'via',
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
      plan.data.videoIds.map((videoId) => ({ videoId })),
      plan.data.segments.map((s) => ({
        videoId: s.videoId,
        segment: { startSec: s.startSec, endSec: s.endSec },
        label: s.label,
        annotator: s.annotator,
      })),
      options,
    ),
  contents: () => 'VIA temporal segments',
};
