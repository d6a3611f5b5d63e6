import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { buildBuiltinModel } from '../../models/builtin/builtinModels.ts';
import { ActionlineError } from '../base/errors.ts';
import { modelSearchDirs } from '../base/paths.ts';
import { loadLabelMap } from './labelMap.ts';
import { manifestSchema, type ModelManifest } from '../../models/manifestSchema.ts';

export type { ModelManifest } from '../../models/manifestSchema.ts';

/** A manifest with everything it points to resolved; load once, use for every video. */
export interface LoadedModel {
  manifest: ModelManifest;
  manifestPath: string;
  /** The manifest's folder: relative paths in it resolve from here. */
  dir: string;
  /** Class names in output order. */
  labels: string[];
  /** An ONNX file, or the bytes of a built-in graph. */
  onnx: { path: string } | { bytes: Uint8Array };
}

/**
 * A model id (`<folder>/<id>/manifest.json` in the first of modelSearchDirs() that has it)
 * or the path of a manifest file.
 */
export function manifestPathOf(idOrPath: string): string {
  const looksLikePath =
    idOrPath.endsWith('.json') || idOrPath.includes('/') || idOrPath.includes('\\');
  if (looksLikePath) return path.resolve(idOrPath);
  const candidates = modelSearchDirs().map((dir) => path.join(dir, idOrPath, 'manifest.json'));
  return candidates.find((file) => existsSync(file)) ?? candidates[0]!;
}

/**
 * Loads a model's manifest, label map and graph location, checking each with an error that
 * names the file and the field at fault. The ONNX file itself is opened by the session.
 */
export async function loadModel(idOrManifestPath: string): Promise<LoadedModel> {
  const manifestPath = manifestPathOf(idOrManifestPath);
  const text = await readFile(manifestPath, 'utf8').catch(() => null);
  if (text === null) throw notFound(idOrManifestPath, manifestPath);
  const manifest = parseManifest(text, manifestPath);
  const dir = path.dirname(manifestPath);

  const labelsPath = path.resolve(dir, manifest.labels.file);
  if (!existsSync(labelsPath)) {
    throw new ActionlineError(
      'FILE_NOT_FOUND',
      `${manifestPath}: labels.file: ${labelsPath} not found`,
      manifestPath,
    );
  }
  const labels = await loadLabelMap(labelsPath, manifest.labels.format);
  const missing = manifest.backgroundLabels.filter((b) => !labels.includes(b));
  if (missing.length > 0) {
    throw new ActionlineError(
      'BAD_MANIFEST',
      `backgroundLabels: ${missing.map((b) => `"${b}"`).join(', ')} not in the label map ${labelsPath}`,
      manifestPath,
    );
  }

  let onnx: LoadedModel['onnx'];
  if (manifest.builtin) {
    onnx = { bytes: buildBuiltinModel(manifest.builtin) };
  } else {
    const onnxPath = path.resolve(dir, manifest.onnx!);
    if (!existsSync(onnxPath)) {
      throw new ActionlineError(
        'FILE_NOT_FOUND',
        `${manifestPath}: onnx: ${onnxPath} not found`,
        manifestPath,
      );
    }
    onnx = { path: onnxPath };
  }
  return { manifest, manifestPath, dir, labels, onnx };
}

/** Parses and validates manifest text; errors name `file` and the field paths at fault. */
export function parseManifest(text: string, file: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ActionlineError('BAD_MANIFEST', `not valid JSON (${(err as Error).message})`, file);
  }
  const parsed = manifestSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const shown = issues.slice(0, 3).map(describeIssue).join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  throw new ActionlineError('BAD_MANIFEST', `invalid model manifest: ${shown}${more}`, file);
}

/** One issue as `field.path: problem`, in words a manifest author can act on. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  const at = (problem: string, field = where) => `${field || '(top level)'}: ${problem}`;
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return at(`missing (expected ${issue.expected})`);
      return at(`expected ${issue.expected === 'int' ? 'an integer' : issue.expected}`);
    case 'invalid_value': {
      const expected =
        issue.values.length === 1
          ? JSON.stringify(issue.values[0])
          : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
      return at(
        issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}`,
      );
    }
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        const options = issue.options.map((v) => JSON.stringify(v)).join(', ');
        return at(`${issue.input === undefined ? 'missing, ' : ''}expected one of ${options}`);
      }
      return at(issue.input === undefined ? `missing (${issue.message})` : issue.message);
    case 'unrecognized_keys': {
      const fields = issue.keys.map((k) => (where ? `${where}.${k}` : k)).join(', ');
      return at(issue.keys.length === 1 ? 'unknown field' : 'unknown fields', fields);
    }
    default:
      return at(issue.message.replace(/^Invalid input: /, ''));
  }
}

function notFound(idOrPath: string, manifestPath: string): ActionlineError {
  if (manifestPath.endsWith(path.join(idOrPath, 'manifest.json'))) {
    const ids = installedModelIds();
    const known = ids.length > 0 ? `; installed: ${ids.join(', ')}` : '';
    return new ActionlineError(
      'FILE_NOT_FOUND',
      `no model "${idOrPath}" (looked for ${manifestPath}${known})`,
      manifestPath,
    );
  }
  return new ActionlineError('FILE_NOT_FOUND', 'model manifest not found', manifestPath);
}

/** Ids of the installed models: folders holding a manifest.json in any modelSearchDirs(). */
export function installedModelIds(): string[] {
  const ids = new Set<string>();
  for (const dir of modelSearchDirs()) {
    const entries = existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : [];
    for (const e of entries) {
      if (e.isDirectory() && existsSync(path.join(dir, e.name, 'manifest.json'))) ids.add(e.name);
    }
  }
  return [...ids].sort();
}
