import { readFile, stat } from 'node:fs/promises';
import { ActionlineError } from '../../base/errors.ts';
import { formatError } from '../../activitynet/jsonChecks.ts';
import { parseJsonText } from '../../activitynet/readJsonFile.ts';
import { findDuplicateKey } from './duplicateKeys.ts';

/**
 * Larger files are refused before reading: JSON.parse of text this size already needs
 * gigabytes of heap, and running out of heap kills the process without a message. The
 * ActivityNet v1.3 ground truth is about 10 MB and a full proposals file about 50 MB.
 */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/**
 * Reads a JSON file for import, stricter than the evaluator's reader: the bytes must be
 * UTF-8 (a lenient decode would store U+FFFD in place of the user's characters) and no
 * object may hold the same key twice (JSON.parse would drop all but the last silently).
 */
export async function readImportJson(
  file: string,
  maxBytes: number = MAX_IMPORT_BYTES,
): Promise<unknown> {
  const text = await readImportText(file, maxBytes, 'a JSON file');
  const json = parseJsonText(text, file);
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) {
    throw formatError(file, duplicate, 'appears twice in its object (JSON keeps only the last)');
  }
  return json;
}

/**
 * Reads a text file for import (JSON, XML, CSV): refused before reading past `maxBytes`, and
 * its bytes must be UTF-8. `expected` says what the file should have been, for the message.
 */
export async function readImportText(
  file: string,
  maxBytes: number = MAX_IMPORT_BYTES,
  expected = 'a text file',
): Promise<string> {
  return decodeUtf8(await readBytes(file, maxBytes, expected), file, expected);
}

async function readBytes(file: string, maxBytes: number, expected: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) {
      throw new ActionlineError('BAD_ARGUMENT', `${file}: is a folder, not ${expected}`, file);
    }
    if (info.size > maxBytes) {
      throw new ActionlineError(
        'BAD_FORMAT',
        `${file}: ${mib(info.size)} is larger than the ${mib(maxBytes)} an import accepts`,
        file,
      );
    }
    return await readFile(file);
  } catch (err) {
    if (err instanceof ActionlineError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? String(err)})`;
    throw new ActionlineError('FILE_NOT_FOUND', `${file}: ${why}`, file);
  }
}

function decodeUtf8(bytes: Buffer, file: string, expected: string): string {
  if (
    bytes.length >= 2 &&
    ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
  ) {
    throw new ActionlineError('BAD_FORMAT', `${file}: is UTF-16 text; save it as UTF-8`, file);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ActionlineError(
      'BAD_FORMAT',
      `${file}: not UTF-8 text (binary or another encoding; ${expected} was expected)`,
      file,
    );
  }
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
