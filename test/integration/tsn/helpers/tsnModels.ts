import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { convertCaffeFiles } from '../../../../main/inference/convertCaffeFiles.ts';
import { tsnCaffemodel } from '../../convert/helpers/tsnWeights.ts';

/**
 * TSN BNInception RGB models with random weights, converted the way a user does it
 * (convertCaffeFiles with the tsn-bninception-rgb preset) into a models folder of their own.
 * Shared by the TSN integration test and `npm run bench`.
 */
// Copies of ../shared/reference/tsn (the seed release's deploy nets), so a clone alone runs it.
const reference = path.resolve(import.meta.dirname, '../../../fixtures/tsn');

export const RGB_DEPLOY_PROTOTXT = path.join(reference, 'tsn_bn_inception_rgb_deploy.prototxt');

/**
 * The Kinetics variant of the released UCF101 BNInception RGB deploy net, as FORMATS.md
 * describes it: layer and blob names with `/` → `_`, `fc-action` → `fc_action`, 400 outputs.
 */
export async function kineticsRgbPrototxt(): Promise<string> {
  const ucf101 = await readFile(RGB_DEPLOY_PROTOTXT, 'utf8');
  const kinetics = ucf101
    .replaceAll('/', '_')
    .replaceAll('fc-action', 'fc_action')
    .replace('num_output: 101', 'num_output: 400');
  if (kinetics.includes('num_output: 101')) throw new Error('more than one 101-class layer');
  return kinetics;
}

/**
 * A tiny RGB net with the same input and output as the Kinetics BNInception (data 3×224×224
 * → fc_action 400 logits) and a nonlinearity, so that averaging logits over crops differs
 * from averaging the crops themselves: 8×8 stride-8 conv, ReLU, 28×28 average pool, fc.
 */
export const TINY_RGB_PROTOTXT = `name: "tiny-tsn-rgb"
input: "data"
input_dim: 1
input_dim: 3
input_dim: 224
input_dim: 224
layer { name: "conv1" type: "Convolution" bottom: "data" top: "conv1"
  convolution_param { num_output: 8 kernel_size: 8 stride: 8 } }
layer { name: "relu1" type: "ReLU" bottom: "conv1" top: "conv1" }
layer { name: "pool1" type: "Pooling" bottom: "conv1" top: "pool1"
  pooling_param { pool: AVE kernel_size: 28 stride: 1 } }
layer { name: "fc_action" type: "InnerProduct" bottom: "pool1" top: "fc_action"
  inner_product_param { num_output: 400 } }
`;

export interface ConvertedTsnModel {
  /** The preset's manifest: 10 crops, as the seed release's protocol. */
  tenCropManifest: string;
  /** The same model with `crops: "center"` (id suffixed `-center`). */
  centerManifest: string;
}

/**
 * Converts `prototxt` with generated random weights into `<modelsDir>/<name>/` (model.onnx,
 * manifest.json, labels.txt) and adds manifest.center.json.
 */
export async function convertTsnRgb(
  modelsDir: string,
  name: string,
  prototxt: string,
): Promise<ConvertedTsnModel> {
  const dir = path.join(modelsDir, name);
  const tenCropManifest = path.join(dir, 'manifest.json');
  const centerManifest = path.join(dir, 'manifest.center.json');
  await mkdir(dir, { recursive: true });
  const prototxtPath = path.join(dir, 'deploy.prototxt');
  const weightsPath = path.join(dir, 'random.caffemodel');
  await writeFile(prototxtPath, prototxt);
  // tsnCaffemodel caches the weights in os.tmpdir() by a hash of the prototxt text.
  const { caffemodel } = await tsnCaffemodel(prototxtPath);
  await writeFile(weightsPath, caffemodel);
  await convertCaffeFiles({
    prototxtPath,
    weightsPath,
    onnxPath: path.join(dir, 'model.onnx'),
    manifestPath: tenCropManifest,
    preset: 'tsn-bninception-rgb',
  });
  const manifest = JSON.parse(await readFile(tenCropManifest, 'utf8')) as Record<string, unknown>;
  const center = { ...manifest, id: `${String(manifest.id)}-center`, crops: 'center' };
  await writeFile(centerManifest, `${JSON.stringify(center, null, 2)}\n`);
  return { tenCropManifest, centerManifest };
}
