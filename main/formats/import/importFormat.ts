import type { DatabaseSync } from 'node:sqlite';
import type { ImportOptions, ImportSummary } from './types.ts';

/**
 * What every validated import file has, whatever its format: the file, what reading it
 * noticed, and whether it holds annotators' labels (so that `--annotator` names a layer and
 * `--mark-reviewed` has something to mark).
 */
export interface BaseImportPlan {
  /** The registry name of the format it was read as (importFormats.ts). */
  format: string;
  file: string;
  warnings: string[];
  groundTruth: boolean;
}

/**
 * One file format that `actionline import` reads. Reading is two steps, so that a bad file
 * neither changes a project nor creates one: `plan` validates the parsed file without a
 * project (every problem one line naming the file and the JSON path), `write` stores the
 * plan in a project inside the transaction the caller holds (importFile.ts), reusing the
 * project's writers (importGroundTruth.ts for annotators' labels, importResults.ts for
 * predictions). A new format is one file with one of these and one entry in importFormats.ts.
 */
export interface ImportFormat<P extends BaseImportPlan> {
  /** The name `--format` takes. */
  name: P['format'];
  /** One line for help texts. */
  title: string;
  /** Whether a parsed file has this format's shape (automatic detection; `--format` skips it). */
  detect(json: unknown): boolean;
  /**
   * Formats that are not one JSON file (THUMOS14's per-class text files, a folder of them):
   * whether a path is theirs without `--format` (a folder, a file name), and how to read it
   * into the value `plan` takes. Every other format is read by readImportJson.ts.
   */
  claimsPath?(file: string, isDirectory: boolean): boolean;
  readPath?(file: string, maxBytes: number): Promise<unknown>;
  /** `options` carries what a format needs to read the file (CSV's column mapping). */
  plan(json: unknown, file: string, options?: ImportOptions): P;
  write(db: DatabaseSync, plan: P, options: ImportOptions): ImportSummary;
  /** What the plan holds, for messages: "ground truth", "detection results". */
  contents(plan: P): string;
}
