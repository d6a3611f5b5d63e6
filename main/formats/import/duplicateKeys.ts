import { indexPath, keyPath } from '../../activitynet/jsonChecks.ts';

/**
 * Finds the first object key that appears twice in one JSON object and returns its JSON
 * path (`results.abc`), or null. JSON.parse silently keeps the last of duplicate keys, so a
 * results file that lists a video twice would lose the first list without a word.
 *
 * Expects text that JSON.parse accepted (possibly with bare NaN / Infinity tokens, which are
 * skipped like any other literal). Iterative, so nesting depth cannot overflow the stack.
 */
export function findDuplicateKey(text: string): string | null {
  const stack: Frame[] = [];
  let expectKey = false;
  let i = 0;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      if (expectKey && top !== undefined && top.keys !== null) {
        const key = decodeKey(text.slice(i + 1, end));
        if (top.keys.has(key)) return keyPath(pathOf(stack), key);
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = end + 1;
      continue;
    }
    if (ch === OPEN_OBJECT || ch === OPEN_ARRAY) {
      stack.push({ keys: ch === OPEN_OBJECT ? new Set() : null, key: '', index: 0 });
      expectKey = ch === OPEN_OBJECT;
    } else if (ch === CLOSE_OBJECT || ch === CLOSE_ARRAY) {
      stack.pop();
      expectKey = false;
    } else if (ch === COMMA) {
      const top = stack[stack.length - 1];
      if (top !== undefined) {
        if (top.keys === null) top.index++;
        expectKey = top.keys !== null;
      }
    }
    i++;
  }
  return null;
}

interface Frame {
  /** Keys seen so far in an object; null for an array. */
  keys: Set<string> | null;
  /** The key of the member being read (objects). */
  key: string;
  /** The index of the element being read (arrays). */
  index: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Index of the quote that closes the string opening at `start` (skips escaped quotes). */
function stringEnd(text: string, start: number): number {
  let at = start + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote + 1;
  }
}

function decodeKey(raw: string): string {
  return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
}

/** The path of the container on top of the stack, built only when a duplicate is found. */
function pathOf(stack: Frame[]): string {
  let path = '';
  for (let depth = 1; depth < stack.length; depth++) {
    const parent = stack[depth - 1]!;
    path = parent.keys === null ? indexPath(path, parent.index) : keyPath(path, parent.key);
  }
  return path;
}
