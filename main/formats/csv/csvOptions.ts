import { ActionlineError } from '../../base/errors.ts';
import { parseRational } from '../../../shared/time/rational.ts';
import type { CsvImportOptions } from '../import/types.ts';
import { parseColumnMapping } from './csvColumns.ts';

/**
 * The CSV options as typed (the CLI's `--columns`, `--units`, `--fps`; the import dialog's
 * fields of the same names) as ImportOptions.csv; undefined when none is given.
 */
export function csvImportOptions(flags: {
  columns?: string;
  units?: 'seconds' | 'frames';
  fps?: string;
}): CsvImportOptions | undefined {
  if (flags.columns === undefined && flags.units === undefined && flags.fps === undefined) {
    return undefined;
  }
  const options: CsvImportOptions = {};
  if (flags.columns !== undefined) options.columns = parseColumnMapping(flags.columns);
  if (flags.units !== undefined) options.units = flags.units;
  if (flags.fps !== undefined) {
    const fps = parseRational(flags.fps.trim());
    if (fps === null) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `--fps: expected a frame rate such as 25, 29.97 or 30000/1001, got "${flags.fps}"`,
      );
    }
    options.fps = fps;
  }
  return options;
}
