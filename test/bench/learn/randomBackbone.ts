import { mkdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { convertCaffeFiles } from '../../../main/inference/convertCaffeFiles.ts';
import { tsnCaffemodel } from '../../integration/convert/helpers/tsnWeights.ts';
import { kineticsRgbPrototxt } from '../../integration/tsn/helpers/tsnModels.ts';

/**
 * The backbone of `bench:learn`: TSN BNInception RGB (Kinetics deploy net) with seeded random
 * weights, converted with its features output (global_pool, 1024 values a snippet) as
 * featuresBench.ts converts it, its manifest set to a centre crop. Returns the manifest's path.
 */
export async function randomBninceptionCentre(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const prototxtPath = path.join(dir, 'deploy.prototxt');
  await writeFile(prototxtPath, await kineticsRgbPrototxt());
  const weightsPath = path.join(dir, 'random.caffemodel');
  await writeFile(weightsPath, (await tsnCaffemodel(prototxtPath)).caffemodel);
  const manifestPath = path.join(dir, 'manifest.json');
  await convertCaffeFiles({
    prototxtPath,
    weightsPath,
    onnxPath: path.join(dir, 'model.onnx'),
    manifestPath,
    preset: 'tsn-bninception-rgb',
    features: true,
  });
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  const centre = path.join(dir, 'manifest.center.json');
  await writeFile(
    centre,
    JSON.stringify({ ...manifest, id: 'bninception-random-center', crops: 'center' }),
  );
  return centre;
}
