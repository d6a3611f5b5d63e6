import { readFile } from 'node:fs/promises';
import { ActionlineError } from '../errors.ts';

/** Class names in output order: one per line, or a JSON array / {"index": name} object. */
export async function loadLabelMap(file: string, format: 'lines' | 'json'): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) throw new ActionlineError('FILE_NOT_FOUND', 'label map not found', file);
  if (format === 'lines') {
    const labels = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.length > 0);
    if (labels.length === 0) throw new ActionlineError('BAD_MANIFEST', 'label map is empty', file);
    return labels;
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (Array.isArray(json) && json.every((x) => typeof x === 'string')) return json;
    if (json && typeof json === 'object') {
      const entries = Object.entries(json as Record<string, unknown>);
      const labels: string[] = [];
      for (const [key, name] of entries) {
        const index = Number(key);
        if (!Number.isInteger(index) || typeof name !== 'string')
          throw new Error(`bad entry "${key}"`);
        labels[index] = name;
      }
      if (labels.length === entries.length) return labels;
    }
    throw new Error('expected an array of names or {"0": "name", ...} without gaps');
  } catch (err) {
    throw new ActionlineError('BAD_MANIFEST', `label map: ${(err as Error).message}`, file);
  }
}
