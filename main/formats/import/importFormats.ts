import { activityNetImport, type ActivityNetPlan } from './activityNetImport.ts';
import { csvImport, type CsvPlan } from './csvImport.ts';
import { cvatImport, type CvatPlan } from './cvatImport.ts';
import { elanImport, type ElanPlan } from './elanImport.ts';
import { fiftyOneImport, type FiftyOnePlan } from './fiftyOneImport.ts';
import type { ImportFormat } from './importFormat.ts';
import { labelStudioImport, type LabelStudioPlan } from './labelStudioImport.ts';
import {
  thumos14GroundTruthImport,
  type Thumos14GroundTruthPlan,
} from './thumos14GroundTruthImport.ts';
import { viaImport, type ViaPlan } from './viaImport.ts';

/**
 * The formats `actionline import` reads, by the name `--format` takes. Without `--format`
 * the first whose `detect` accepts the parsed file reads it; a file no format claims is read
 * as ActivityNet, whose parser names what is missing. A new format: its file, its plan in
 * ImportPlan, its entry here.
 */
export type ImportPlan =
  | ActivityNetPlan
  | LabelStudioPlan
  | ViaPlan
  | FiftyOnePlan
  | Thumos14GroundTruthPlan
  | CsvPlan
  | CvatPlan
  | ElanPlan;

export type ImportFormatName = ImportPlan['format'];

type Registry = { [F in ImportFormatName]: ImportFormat<Extract<ImportPlan, { format: F }>> };

export const IMPORT_FORMATS: Registry = {
  activitynet: activityNetImport,
  'label-studio': labelStudioImport,
  via: viaImport,
  fiftyone: fiftyOneImport,
  // Before thumos14-gt, which takes any folder: a folder of .eaf files is ELAN's.
  elan: elanImport,
  'thumos14-gt': thumos14GroundTruthImport,
  csv: csvImport,
  cvat: cvatImport,
};

export const IMPORT_FORMAT_NAMES = Object.keys(IMPORT_FORMATS) as ImportFormatName[];

/** Read when no format claims a file. */
const FALLBACK_FORMAT: ImportFormatName = 'activitynet';

export function detectFormat(json: unknown): ImportFormatName {
  return IMPORT_FORMAT_NAMES.find((name) => IMPORT_FORMATS[name].detect(json)) ?? FALLBACK_FORMAT;
}

/** The format that reads (and writes) a plan; one cast, because the registry is keyed by name. */
export function formatOfPlan(plan: ImportPlan): ImportFormat<ImportPlan> {
  return IMPORT_FORMATS[plan.format] as ImportFormat<ImportPlan>;
}
