import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionlineError } from '../errors.ts';
import { modelsDir } from '../paths.ts';
import { buildMotionModel } from '../../models/builtin/motion.ts';
import { loadLabelMap } from './labelMap.ts';
import { manifestSchema, type ModelManifest } from './manifestSchema.ts';

export interface LoadedModel {
  manifest: ModelManifest;
  manifestPath: string;
  dir: string;
  labels: string[];
  onnx: { path: string } | { bytes: Uint8Array };
}

const builtins: Record<string, () => Uint8Array> = { motion: buildMotionModel };

/** A model id (`<modelsDir>/<id>/manifest.json`) or the path of a manifest file. */
export function manifestPathOf(idOrPath: string): string {
  const looksLikePath =
    idOrPath.endsWith('.json') || idOrPath.includes('/') || idOrPath.includes('\\');
  return looksLikePath ? path.resolve(idOrPath) : path.join(modelsDir(), idOrPath, 'manifest.json');
}

export async function loadModel(idOrPath: string): Promise<LoadedModel> {
  const manifestPath = manifestPathOf(idOrPath);
  const text = await readFile(manifestPath, 'utf8').catch(() => null);
  if (text === null) {
    throw new ActionlineError(
      'FILE_NOT_FOUND',
      `no model manifest "${idOrPath}" (looked for ${manifestPath})`,
      manifestPath,
    );
  }
  const manifest = parseManifest(text, manifestPath);
  const dir = path.dirname(manifestPath);
  const labels = await loadLabelMap(path.join(dir, manifest.labels.file), manifest.labels.format);
  const onnx = manifest.builtin
    ? { bytes: builtins[manifest.builtin]!() }
    : { path: path.resolve(dir, manifest.onnx!) };
  return { manifest, manifestPath, dir, labels, onnx };
}

export function parseManifest(text: string, file: string): ModelManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ActionlineError('BAD_MANIFEST', `not valid JSON (${(err as Error).message})`, file);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new ActionlineError(
      'BAD_MANIFEST',
      `invalid model manifest: ${where}: ${issue.message}`,
      file,
    );
  }
  return parsed.data;
}
