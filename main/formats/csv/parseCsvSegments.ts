import { ActionlineError } from '../../base/errors.ts';
import {
  layoutOf,
  type ColumnMapping,
  type CsvColumn,
  type CsvLayout,
  type CsvUnits,
} from './csvColumns.ts';
import { csvError, parseCsv, type CsvRecord } from './parseCsv.ts';

/** A CSV file as read for import, before it is parsed (readPath's value). */
export interface CsvText {
  kind: 'csv-text';
  text: string;
}

/** One segment row; start and end in the file's units. */
export interface CsvSegmentRow {
  line: number;
  video: string;
  start: number;
  end: number;
  label: string;
  score: number | null;
  annotator: string | null;
}

export interface CsvSegments {
  rows: CsvSegmentRow[];
  units: CsvUnits;
  /** The video column holds project video ids (Actionline's export), not file names. */
  videoIsId: boolean;
  /** The video values in order of first appearance. */
  videos: string[];
  warnings: string[];
}

export interface CsvReadOptions {
  columns?: ColumnMapping;
  units?: CsvUnits;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** Provenances of Actionline's export that are no one's label (csvExport.ts writes every row). */
const NOT_LABELS = new Set(['predicted', 'rejected']);

export function isCsvText(input: unknown): input is CsvText {
  return (
    typeof input === 'object' && input !== null && (input as { kind?: unknown }).kind === 'csv-text'
  );
}

/**
 * Segment rows of a CSV file with a header row (columns found by csvColumns.ts). Every field
 * is checked, so that a bad row refuses the whole file, naming its line and column. Rows of
 * Actionline's own export that are predictions or rejected ones are left out (counted in a
 * warning); a text that the export guarded against spreadsheet formulas ('=…) gets its
 * apostrophe back off.
 */
export function parseCsvSegments(
  input: unknown,
  file: string,
  options: CsvReadOptions = {},
): CsvSegments {
  if (!isCsvText(input)) {
    throw new ActionlineError('BAD_FORMAT', `${file}: expected a CSV file with a header row`, file);
  }
  const records = parseCsv(input.text, file);
  const header = records[0];
  if (header === undefined) {
    throw new ActionlineError('BAD_FORMAT', `${file}: is empty (expected a header row)`, file);
  }
  const layout = layoutOf(header.fields, header.line, options.columns ?? {}, file);
  const units: CsvUnits = options.units ?? (layout.framesByName ? 'frames' : 'seconds');
  const rows: CsvSegmentRow[] = [];
  const videos = new Set<string>();
  let notLabels = 0;
  let negative = 0;
  let scored = 0;
  for (const record of records.slice(1)) {
    if (record.fields.length !== header.fields.length) {
      throw csvError(
        file,
        record.line,
        null,
        `${record.fields.length} field(s), but the header has ${header.fields.length}`,
      );
    }
    if (layout.provenance !== null && NOT_LABELS.has(record.fields[layout.provenance]!.trim())) {
      notLabels++;
      continue;
    }
    const row = readRow(record, layout, units, file);
    if (row.start < 0) negative++;
    if (row.score !== null) scored++;
    videos.add(row.video);
    rows.push(row);
  }
  const warnings: string[] = [];
  if (notLabels > 0) {
    warnings.push(
      `${file}: ${notLabels} row(s) with provenance "predicted" or "rejected" left out: they are a model's predictions, no one's labels`,
    );
  }
  if (negative > 0) warnings.push(`${file}: ${negative} segment(s) start before 0`);
  if (scored > 0) {
    warnings.push(
      `${file}: the scores of ${scored} row(s) are not kept: the rows become annotators' segments, which have no score`,
    );
  }
  return { rows, units, videoIsId: layout.videoIsId, videos: [...videos], warnings };
}

function readRow(
  record: CsvRecord,
  layout: CsvLayout,
  units: CsvUnits,
  file: string,
): CsvSegmentRow {
  const field = (column: CsvColumn): string | undefined => {
    const at = layout.index[column];
    return at === undefined ? undefined : record.fields[at];
  };
  const where = (column: CsvColumn) => layout.names[column] ?? column;
  const text = (column: CsvColumn, required: boolean): string | null => {
    const raw = field(column);
    if (raw === undefined) return null;
    const value = unguarded(raw.trim());
    if (value === '') {
      if (!required) return null;
      throw csvError(file, record.line, where(column), `empty ${column}`);
    }
    if (value.includes('\u0000')) {
      throw csvError(file, record.line, where(column), `${column} holds a NUL character`);
    }
    return value;
  };
  const number = (column: CsvColumn, what: string): number | null => {
    const raw = field(column)?.trim();
    if (raw === undefined || raw === '') {
      if (column === 'score') return null;
      throw csvError(file, record.line, where(column), `empty; expected ${what}`);
    }
    const value = Number(raw);
    if (!NUMBER.test(raw) || !Number.isFinite(value)) {
      throw csvError(
        file,
        record.line,
        where(column),
        `expected ${what}, got ${JSON.stringify(raw.slice(0, 40))}`,
      );
    }
    return value;
  };
  const unit = units === 'frames' ? 'a frame number' : 'a time in seconds';
  const start = number('start', unit)!;
  const end = number('end', unit)!;
  if (end < start) {
    throw csvError(file, record.line, where('end'), `end ${end} is before start ${start}`);
  }
  return {
    line: record.line,
    video: text('video', true)!,
    start,
    end,
    label: text('label', true)!,
    score: number('score', 'a number'),
    annotator: text('annotator', false),
  };
}

/** csvField.ts writes a text starting with = + - @ (or tab, CR) as '=…; this undoes it. */
function unguarded(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}
