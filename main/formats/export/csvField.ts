/**
 * One CSV text field (RFC 4180): quoted when it holds a comma, a double quote, CR or LF, with
 * inner quotes doubled. A text that a spreadsheet would run as a formula (it starts with
 * = + - @, or a tab or CR, which some spreadsheets strip before looking) gets a leading
 * apostrophe and quotes: "'=SUM(A1)". Spreadsheets show it as text; a program reading the file
 * sees the apostrophe (the OWASP advice; the price of opening exports safely). Numbers are
 * written by the caller unguarded: -0.5 is a number, not a formula.
 */
export function csvText(value: string): string {
  if (/^[=+\-@\t\r]/.test(value)) return `"'${value.replaceAll('"', '""')}"`;
  if (/[",\r\n]/.test(value)) return `"${value.replaceAll('"', '""')}"`;
  return value;
}
