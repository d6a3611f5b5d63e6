import { planImport, writeImport } from '../../../main/formats/import/importFile.ts';
import type { Project } from '../../../main/project/project.ts';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';

/**
 * Videos' ground truth into an annotator's layer as 'imported' segments, the videos marked
 * reviewed: what `actionline import gt.json --annotator NAME --mark-reviewed` does (the same
 * planImport and writeImport), from ActivityNet JSON written here. An empty taxonomy: the
 * project's active label set stays the one the head learns.
 */
export function importReviewed(
  project: Project,
  videos: readonly { id: string; durationSec: number; groundTruth: readonly ScoredSegment[] }[],
  annotator: string,
): void {
  const database = Object.fromEntries(
    videos.map((v) => [
      v.id,
      {
        subset: 'training',
        duration: v.durationSec,
        annotations: v.groundTruth.map((g) => ({
          segment: [g.startSec, g.endSec],
          label: g.label,
        })),
      },
    ]),
  );
  const json = { version: 'VERSION 1.3', taxonomy: [], database };
  writeImport(project, planImport(json, 'bench-ground-truth.json'), {
    annotator,
    markReviewed: true,
  });
}
