/**
 * The order of segment rows in every export: video id, start, end, label, row id; ids and
 * labels in code-point order (SQLite's BINARY collation compares UTF-8 bytes, which is
 * code-point order). SQLite reads (video_id, start_sec, id) straight from the index
 * segments_by_video (rowid is its hidden last column), with no sort; asking it for end and
 * label too made it sort a million rows in a temporary B-tree, about a second. Rows equal in
 * video and start are rare and are put in order here instead.
 */
export const SEGMENT_ORDER = 'ORDER BY s.video_id, s.start_sec, s.id';

/** A selected row: video id, start, end, label, row id, then whatever the exporter needs. */
export type KeyedRow = readonly [string, number, number, string, number, ...unknown[]];

/** Sorts each run of rows with the same video and start by end, label, id; in place. */
export function orderTies<R extends KeyedRow>(rows: R[]): R[] {
  let i = 0;
  while (i < rows.length) {
    const [videoId, startSec] = rows[i]!;
    let end = i + 1;
    while (end < rows.length && rows[end]![1] === startSec && rows[end]![0] === videoId) end++;
    if (end - i > 1) {
      const run = rows
        .slice(i, end)
        .sort((a, b) => a[2] - b[2] || compareCodePoints(a[3], b[3]) || a[4] - b[4]);
      for (let k = 0; k < run.length; k++) rows[i + k] = run[k]!;
    }
    i = end;
  }
  return rows;
}

/**
 * Code-point order. JavaScript's `<` compares UTF-16 code units, which puts characters above
 * U+FFFF (stored as surrogates D800–DFFF) before U+E000–U+FFFF; code-point order puts them after.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
