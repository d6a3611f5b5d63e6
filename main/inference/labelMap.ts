import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../base/errors.ts';
import { builtinModelsDir } from '../base/paths.ts';

export type LabelFormat = 'lines' | 'json';

/**
 * Class names in the model's output order, from a label map file:
 * - lines: one name per line (models/labels/kinetics400.txt); trailing blank lines are
 *   ignored, a blank line inside is an error because skipping it would shift every index
 *   after it;
 * - json: an array of names, or an object {"0": "name", …} with every index 0…n−1.
 * Names must be unique: results name classes, so two equal names could not be told apart.
 */
export async function loadLabelMap(file: string, format: LabelFormat): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) throw new ActionlineError('FILE_NOT_FOUND', 'label map not found', file);
  return parseLabelMap(text, format, file);
}

/** Where the Kinetics-400 label map ships (development tree or the packaged resources). */
export function kinetics400File(): string {
  return path.join(builtinModelsDir(), 'labels', 'kinetics400.txt');
}

/** The Kinetics-400 class names, in the order the Kinetics models output them. */
export function kinetics400Labels(file = kinetics400File()): string[] {
  const text = (() => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new ActionlineError('FILE_NOT_FOUND', 'label map not found', file);
    }
  })();
  return parseLabelMap(text, 'lines', file);
}

export function parseLabelMap(text: string, format: LabelFormat, file: string): string[] {
  const fail = (message: string): never => {
    throw new ActionlineError('BAD_MANIFEST', `label map: ${message}`, file);
  };
  const body = text.replace(/^\uFEFF/, '');
  const labels = format === 'lines' ? fromLines(body, fail) : fromJson(body, fail);
  if (labels.length === 0) fail('no labels');
  const seen = new Map<string, number>();
  labels.forEach((name, i) => {
    const first = seen.get(name);
    if (first !== undefined) fail(`"${name}" appears twice (classes ${first} and ${i})`);
    seen.set(name, i);
  });
  return labels;
}

function fromLines(text: string, fail: (m: string) => never): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  const blank = lines.indexOf('');
  if (blank >= 0) fail(`line ${blank + 1} is blank (it would shift the classes after it)`);
  return lines;
}

function fromJson(text: string, fail: (m: string) => never): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return fail(`not valid JSON (${(err as Error).message})`);
  }
  const isName = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  if (Array.isArray(json)) {
    const bad = json.findIndex((v) => !isName(v));
    if (bad >= 0) fail(`entry ${bad} is not a name`);
    return json as string[];
  }
  if (json === null || typeof json !== 'object') {
    return fail('expected an array of names or an object {"0": "name", …}');
  }
  const entries = Object.entries(json as Record<string, unknown>);
  const labels = new Array<string>(entries.length);
  for (const [key, name] of entries) {
    const index = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
    if (index < 0 || index >= entries.length)
      fail(`key "${key}" is not an index 0…${entries.length - 1}`);
    if (!isName(name)) fail(`entry "${key}" is not a name`);
    labels[index] = name as string;
  }
  return labels;
}
