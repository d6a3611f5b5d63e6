import { ActionlineError } from '../../base/errors.ts';

/** One record of a CSV file: its fields, and the line it starts on (1-based, for messages). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * CSV as RFC 4180 writes it, and as spreadsheets save it: fields separated by commas, a field
 * in double quotes may hold commas, line breaks and doubled quotes (""), records end with
 * CRLF or LF (a lone CR too: old Mac spreadsheets). A byte-order mark is skipped; blank
 * lines are skipped (a trailing newline, a spreadsheet's empty last rows). Not accepted,
 * because guessing would misplace a field: a quote inside an unquoted field, text after a
 * closing quote, a quoted field that never closes. Each error names the file, the line and
 * the field's column number.
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const recordLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text[i] === '"') {
        const fieldLine = line;
        i++;
        const parts: string[] = [];
        let from = i;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            throw csvError(
              file,
              fieldLine,
              fields.length + 1,
              'a quoted field is not closed before the end of the file',
            );
          }
          line += countLineBreaks(text, i, quote);
          if (text[quote + 1] === '"') {
            parts.push(text.slice(from, quote + 1));
            i = from = quote + 2;
            continue;
          }
          parts.push(text.slice(from, quote));
          i = quote + 1;
          break;
        }
        field = parts.join('');
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw csvError(
            file,
            line,
            fields.length + 1,
            `text after the closing quote of a quoted field (${JSON.stringify(text.slice(i, i + 10))}); a quote inside a field is written ""`,
          );
        }
      } else {
        let end = i;
        while (end < n) {
          const c = text[end];
          if (c === ',' || c === '\r' || c === '\n') break;
          if (c === '"') {
            throw csvError(
              file,
              line,
              fields.length + 1,
              'a double quote inside an unquoted field (quote the whole field and write the quote as "")',
            );
          }
          end++;
        }
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    // At a line end or the end of the text.
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
  }
  return records;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    // CRLF is one break; a lone CR or LF is one.
    if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) count++;
  }
  return count;
}

/** `in.csv: line 4, column 3: …` — the message every CSV problem gives. */
export function csvError(
  file: string,
  line: number,
  column: number | string | null,
  message: string,
): ActionlineError {
  const where =
    column === null
      ? `line ${line}`
      : typeof column === 'number'
        ? `line ${line}, column ${column}`
        : `line ${line}, column "${column}"`;
  return new ActionlineError('BAD_FORMAT', `${file}: ${where}: ${message}`, file);
}
