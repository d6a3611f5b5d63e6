import { readTextFile } from '../base/readTextFile.ts';
import { ActionlineError } from '../base/errors.ts';

/**
 * What a bare NaN / Infinity / -Infinity token of the file becomes, so that the validator can
 * name its JSON path. Python's json.dump writes these tokens for float('nan') scores; they
 * are not JSON, so JSON.parse alone could only report a character position.
 */
export const NON_FINITE_MARKER = '\u0000non-finite:';

/** Reads and parses a JSON file; FILE_NOT_FOUND when it cannot be read, BAD_FORMAT when it is not JSON. */
export async function readJsonFile(file: string): Promise<unknown> {
  const text = await readTextFile(file);
  return parseJsonText(text, file);
}

export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (err) {
    const marked = markNonFiniteTokens(body);
    if (marked !== undefined) {
      try {
        return JSON.parse(marked);
      } catch {
        // Not only NaN tokens: report the original error below.
      }
    }
    // V8 quotes a snippet of the text, which may hold line breaks: keep the message on one line.
    const reason = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    throw new ActionlineError('BAD_FORMAT', `${file}: invalid JSON: ${reason}`, file);
  }
}

const TOKENS = ['-Infinity', 'Infinity', 'NaN'];

/** Replaces NaN / Infinity / -Infinity outside strings by marker strings; undefined if there are none. */
function markNonFiniteTokens(text: string): string | undefined {
  let out = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') {
      inString = true;
      continue;
    }
    const token = TOKENS.find((t) => text.startsWith(t, i));
    if (token === undefined) continue;
    out += text.slice(copiedUpTo, i) + JSON.stringify(NON_FINITE_MARKER + token);
    i += token.length - 1;
    copiedUpTo = i + 1;
  }
  return copiedUpTo === 0 ? undefined : out + text.slice(copiedUpTo);
}
