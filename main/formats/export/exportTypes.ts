/** What every exporter returns: the whole file text (written atomically by the caller) and what to tell the user. */
export interface ExportText {
  text: string;
  /** One line each, for stderr; the file is still valid. */
  warnings: string[];
  /** One line each, for stderr: what the user should know of the file (the runs it holds). */
  notes?: string[];
  videoCount: number;
  /** Segments, entries or rows written. */
  itemCount: number;
  /**
   * Files that go beside the output, each at the output's path plus `suffix` (Label Studio's
   * labelling config, `tasks.json.config.xml`), written atomically after it.
   */
  companions?: { suffix: string; text: string }[];
  /**
   * Formats that are a folder of files (THUMOS14 ground truth): the output path is that
   * folder, each file is written into it atomically, and `text` is not written.
   */
  files?: { name: string; text: string }[];
}

/**
 * A video without a subset is exported as this subset, and the --subset filter treats it so
 * (with a warning): `actionline eval` reads 'validation' by default, so ground truth made in
 * Actionline for unsplit footage is evaluable as exported.
 */
export const DEFAULT_MISSING_SUBSET = 'validation';

export interface VideoSelection {
  /** Only videos of this subset. */
  subset?: string;
  /** The subset written for (and matched against) videos that have none. */
  missingSubset?: string;
}

export function missingSubsetOf(selection: VideoSelection): string {
  return selection.missingSubset ?? DEFAULT_MISSING_SUBSET;
}
