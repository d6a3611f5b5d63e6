import { ActionlineError } from '../../base/errors.ts';
import { csvError } from './parseCsv.ts';

/** What a segment row of a CSV holds; score and annotator are optional. */
export const CSV_COLUMNS = ['video', 'start', 'end', 'label', 'score', 'annotator'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED: readonly CsvColumn[] = ['video', 'start', 'end', 'label'];

/** `--columns video=clip,start=t0,…`: the header name that holds each column. */
export type ColumnMapping = Partial<Record<CsvColumn, string>>;

export type CsvUnits = 'seconds' | 'frames';

/**
 * Header names recognised without `--columns` (compared trimmed and case-insensitive), the
 * first of Actionline's own CSV export (csvExport.ts) so that its export comes back. Names
 * that say frames (start_frame, stop_frame) make frames the default unit.
 */
const KNOWN_NAMES: Record<CsvColumn, readonly string[]> = {
  video: ['video_id', 'video', 'video_name', 'file', 'filename', 'file_name', 'path'],
  start: ['start_sec', 'start', 't_start', 'start_time', 'begin', 'start_frame'],
  end: ['end_sec', 'end', 't_end', 'end_time', 'stop', 'end_frame', 'stop_frame'],
  label: ['label', 'class', 'action', 'class_name', 'category'],
  score: ['score', 'confidence', 'conf'],
  annotator: ['annotator', 'annotator_id', 'user'],
};
const FRAME_NAMES = new Set(['start_frame', 'end_frame', 'stop_frame']);

/** Where each column is in the header, and what the header itself says. */
export interface CsvLayout {
  index: Partial<Record<CsvColumn, number>>;
  /** The header's name of each column found, for messages. */
  names: Partial<Record<CsvColumn, string>>;
  /** Actionline's own export: its `provenance` column (predicted and rejected rows are no labels). */
  provenance: number | null;
  /** The video column holds project video ids (`video_id`), not file names. */
  videoIsId: boolean;
  /** The start and end columns are named as frames. */
  framesByName: boolean;
}

/** Reads `video=clip,start=t0,end=t1,label=action[,score=conf][,annotator=who]`. */
export function parseColumnMapping(text: string): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    const key = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const name = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (!(CSV_COLUMNS as readonly string[]).includes(key)) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `--columns: "${part.trim()}": expected COLUMN=HEADER with COLUMN one of ${CSV_COLUMNS.join(', ')}`,
      );
    }
    if (name === '') {
      throw new ActionlineError('BAD_ARGUMENT', `--columns: "${key}" names no header column`);
    }
    if (mapping[key as CsvColumn] !== undefined) {
      throw new ActionlineError('BAD_ARGUMENT', `--columns: "${key}" is given twice`);
    }
    mapping[key as CsvColumn] = name;
  }
  return mapping;
}

/**
 * Finds the columns in the header row: a column `--columns` maps must be there by that name
 * (exact, else case-insensitive); the others are looked up among the common names. A
 * required column not found, or a header naming one column twice, is an error naming the file
 * and line.
 */
export function layoutOf(
  header: readonly string[],
  line: number,
  mapping: ColumnMapping,
  file: string,
): CsvLayout {
  const folded = header.map((h) => h.trim().toLowerCase());
  const index: CsvLayout['index'] = {};
  const names: CsvLayout['names'] = {};
  const used = new Map<number, CsvColumn>();
  let framesByName = false;
  for (const column of CSV_COLUMNS) {
    const mapped = mapping[column];
    let at: number;
    if (mapped !== undefined) {
      at = header.indexOf(mapped);
      if (at === -1) at = folded.indexOf(mapped.toLowerCase());
      if (at === -1) {
        throw csvError(
          file,
          line,
          null,
          `the header has no column "${mapped}" (--columns ${column}=${mapped}); it has ${listNames(header)}`,
        );
      }
    } else {
      at = -1;
      for (const name of KNOWN_NAMES[column]) {
        const found = folded.indexOf(name);
        if (found !== -1 && !used.has(found)) {
          at = found;
          break;
        }
      }
      if (at === -1) {
        if (REQUIRED.includes(column)) {
          throw csvError(
            file,
            line,
            null,
            `no ${column} column: the header has ${listNames(header)}; name it one of ${KNOWN_NAMES[column].join(', ')}, or map it with --columns ${column}=HEADER`,
          );
        }
        continue;
      }
    }
    const earlier = used.get(at);
    if (earlier !== undefined) {
      throw csvError(
        file,
        line,
        header[at]!,
        `is both the ${earlier} and the ${column} column (--columns)`,
      );
    }
    used.set(at, column);
    index[column] = at;
    names[column] = header[at]!;
    if (FRAME_NAMES.has(folded[at]!)) framesByName = true;
  }
  checkDuplicateHeaders(header, used, line, file);
  const provenanceAt = folded.indexOf('provenance');
  return {
    index,
    names,
    provenance: provenanceAt === -1 || used.has(provenanceAt) ? null : provenanceAt,
    videoIsId: folded[index.video!] === 'video_id',
    framesByName,
  };
}

/** A used column whose name the header has twice would be read from one of them by chance. */
function checkDuplicateHeaders(
  header: readonly string[],
  used: ReadonlyMap<number, CsvColumn>,
  line: number,
  file: string,
): void {
  for (const at of used.keys()) {
    const name = header[at]!.trim().toLowerCase();
    const twice = header.findIndex((h, k) => k !== at && h.trim().toLowerCase() === name);
    if (twice !== -1) {
      throw csvError(
        file,
        line,
        header[at]!,
        `the header names this column twice (columns ${Math.min(at, twice) + 1} and ${Math.max(at, twice) + 1})`,
      );
    }
  }
}

function listNames(header: readonly string[]): string {
  const shown = header.slice(0, 12).map((h) => JSON.stringify(h.slice(0, 40)));
  if (header.length > 12) shown.push(`… ${header.length - 12} more`);
  return shown.join(', ');
}
