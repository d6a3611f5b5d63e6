import { copyFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { convertCaffeFiles, isTsnPreset } from '../inference/convertCaffeFiles.ts';
import { ActionlineError } from '../base/errors.ts';
import { createModelSession } from '../inference/session.ts';
import { installedModelIds, loadModel, type LoadedModel } from '../inference/manifest.ts';
import { userModelsDir } from '../base/paths.ts';

/**
 * "Add model…": a Caffe prototxt + caffemodel (converted, with a TSN preset's manifest) or an
 * ONNX + manifest (e.g. an mmaction2 export), validated — the manifest loads and onnxruntime
 * opens the graph on the CPU — and registered in the user's models folder under its id. A
 * model is written to a temporary folder and renamed into place, so a failed add leaves
 * nothing behind, and an existing id is never overwritten.
 */
export async function addCaffeModel(req: {
  prototxtPath: string;
  weightsPath: string;
  preset: string;
  id?: string;
}): Promise<LoadedModel> {
  const preset = req.preset;
  if (!isTsnPreset(preset)) {
    throw new ActionlineError('BAD_ARGUMENT', `unknown preset "${preset}"`);
  }
  const id = req.id ?? preset;
  return install(id, async (dir) => {
    await convertCaffeFiles({
      prototxtPath: req.prototxtPath,
      weightsPath: req.weightsPath,
      onnxPath: path.join(dir, 'model.onnx'),
      manifestPath: path.join(dir, 'manifest.json'),
      preset,
    });
    await setManifestId(dir, id);
  });
}

export async function addOnnxModel(manifestPath: string): Promise<LoadedModel> {
  const source = await loadModel(path.resolve(manifestPath));
  if (source.manifest.builtin) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      'built-in models are already installed',
      manifestPath,
    );
  }
  const onnxPath = 'path' in source.onnx ? source.onnx.path : null;
  return install(source.manifest.id, async (dir) => {
    // The manifest names its files relative to itself: keep those names.
    const labelsTarget = path.join(dir, source.manifest.labels.file);
    const onnxTarget = path.join(dir, source.manifest.onnx!);
    await mkdir(path.dirname(labelsTarget), { recursive: true });
    await mkdir(path.dirname(onnxTarget), { recursive: true });
    await copyFile(path.resolve(source.dir, source.manifest.labels.file), labelsTarget);
    await copyFile(onnxPath!, onnxTarget);
    await copyFile(source.manifestPath, path.join(dir, 'manifest.json'));
  });
}

async function install(id: string, write: (dir: string) => Promise<void>): Promise<LoadedModel> {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `model id "${id}": lower-case letters, digits, . _ -`,
    );
  }
  if (installedModelIds().includes(id)) {
    throw new ActionlineError('BAD_ARGUMENT', `a model "${id}" is already installed`);
  }
  const root = userModelsDir();
  const target = path.join(root, id);
  const staging = path.join(root, `.${id}.adding-${process.pid}`);
  await mkdir(staging, { recursive: true });
  try {
    await write(staging);
    const model = await loadModel(path.join(staging, 'manifest.json'));
    if ('path' in model.onnx) {
      const session = await createModelSession(model, { device: 'cpu', intraOpThreads: 1 });
      await session.release();
    }
    if (existsSync(target)) throw new ActionlineError('BAD_ARGUMENT', `${target} already exists`);
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  return loadModel(path.join(target, 'manifest.json'));
}

async function setManifestId(dir: string, id: string): Promise<void> {
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as { id: string };
  manifest.id = id;
  await writeFile(file, `${JSON.stringify(manifest, null, 2)}\n`);
}
