import { parseGroundTruth } from '../../activitynet/parseGroundTruth.ts';
import { parseResults } from '../../activitynet/parseResults.ts';
import type { GroundTruthFile, ResultsFile, ResultsTask } from '../../activitynet/types.ts';
import { detectKind } from './detectKind.ts';
import { checkGroundTruth, checkResults } from './importChecks.ts';
import type { ImportFormat } from './importFormat.ts';
import { writeGroundTruth } from './importGroundTruth.ts';
import { writeResults } from './importResults.ts';
import { DEFAULT_GROUND_TRUTH_ANNOTATOR } from './types.ts';

/** A validated ActivityNet file: ground truth, or results of one task. */
export type ActivityNetPlan =
  | {
      format: 'activitynet';
      kind: 'groundTruth';
      file: string;
      data: GroundTruthFile;
      warnings: string[];
      groundTruth: true;
    }
  | {
      format: 'activitynet';
      kind: ResultsTask;
      file: string;
      data: ResultsFile<ResultsTask>;
      warnings: string[];
      groundTruth: false;
    };

/**
 * ActivityNet v1.3 JSON (docs: FORMATS.md): ground truth becomes an annotator's imported
 * segments (default annotator "ground truth"), results become a model run to review.
 */
export const activityNetImport: ImportFormat<ActivityNetPlan> = {
  name: 'activitynet',
  title: 'ActivityNet v1.3 ground truth ("database") or results ("results")',
  detect: (json) =>
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    (Object.hasOwn(json, 'database') || Object.hasOwn(json, 'results')),
  plan(json, file) {
    const kind = detectKind(json, file);
    if (kind === 'groundTruth') {
      const data = parseGroundTruth(json, file);
      const warnings = [...data.warnings, ...checkGroundTruth(data, file)];
      return { format: 'activitynet', kind, file, data, warnings, groundTruth: true };
    }
    const data = parseResults(json, file, kind);
    const warnings = [...data.warnings, ...checkResults(data, file)];
    return { format: 'activitynet', kind, file, data, warnings, groundTruth: false };
  },
  write(db, plan, options) {
    return plan.kind === 'groundTruth'
      ? writeGroundTruth(
          db,
          plan.data,
          options.annotator ?? DEFAULT_GROUND_TRUTH_ANNOTATOR,
          plan.file,
          { markReviewed: options.markReviewed },
        )
      : writeResults(db, plan.data, plan.file);
  },
  contents: (plan) => (plan.kind === 'groundTruth' ? 'ground truth' : `${plan.kind} results`),
};
