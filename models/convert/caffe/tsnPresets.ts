import type { ModelManifest } from '../../manifestSchema.ts';
import type { ConvertedModel } from './convertCaffe.ts';

/**
 * Manifests of the TSN seed release (Kinetics-400, Caffe; FORMATS.md "TSN models"), used by
 * `convert caffe --preset` and written out as models/tsn/<id>/manifest.json (a unit test
 * keeps the two equal). Input and output names are the Kinetics deploy nets' (`data`,
 * `fc_action`); --manifest-out replaces them with the converted graph's own.
 *
 * Inception V3: the 299×299 input comes from third-party scripts, not the authors, and a 299
 * crop does not fit TSN's 340×256 frames, so frames are resized to 397×299 (340×256 scaled
 * by 299/256). Its mean is assumed to be BNInception's. Both are stated in the description.
 */
export const TSN_PRESETS = [
  'tsn-bninception-rgb',
  'tsn-bninception-flow',
  'tsn-inceptionv3-rgb',
  'tsn-inceptionv3-flow',
] as const;
export type TsnPreset = (typeof TSN_PRESETS)[number];

const PROTOCOL = '25 snippets, 10 crops (TSN seed release)';
const LABELS = { file: 'labels.txt', format: 'lines' } as const;
const V3_NOTE =
  ' Input 299×299 from third-party scripts (not confirmed by the authors); frames resized ' +
  'to 397×299 so the crop fits; mean assumed equal to BNInception’s.';

interface Published {
  top1: number;
  top5: number;
}

function manifest(preset: TsnPreset, published: Published): ModelManifest {
  const flow = preset.endsWith('flow');
  const v3 = preset.includes('inceptionv3');
  const arch = v3 ? 'Inception V3' : 'BNInception';
  const sizePx = v3 ? 299 : 224;
  return {
    schemaVersion: 1,
    id: preset,
    name: `TSN ${arch} ${flow ? 'Flow' : 'RGB'} (Kinetics-400)`,
    version: '1.0.0',
    description:
      `Temporal Segment Networks, ${arch}, ${flow ? 'TV-L1 optical flow (5 stacked fields)' : 'RGB'}, ` +
      'trained on Kinetics-400; converted from the Caffe release with `actionline convert caffe`.' +
      (v3 ? V3_NOTE : ''),
    modality: flow ? 'flow' : 'rgb',
    onnx: 'model.onnx',
    input: {
      name: 'data',
      layout: flow ? 'NCHW-stacked' : 'NCHW',
      widthPx: sizePx,
      heightPx: sizePx,
    },
    output: { name: 'fc_action', kind: 'logits' },
    resize: v3
      ? { mode: 'fixed', widthPx: 397, heightPx: 299 }
      : { mode: 'fixed', widthPx: 340, heightPx: 256 },
    framesPerSnippet: flow ? 5 : 1,
    channelOrder: flow ? 'RGB' : 'BGR', // flow ignores it: (x, y) pairs keep their order
    pixelScale: 255,
    mean: flow ? 128 : [104, 117, 123],
    std: flow ? 1 : [1, 1, 1],
    crops: 'ten',
    labels: LABELS,
    accuracy: [{ dataset: 'Kinetics-400 val', ...published, protocol: PROTOCOL }],
    backgroundLabels: [],
  };
}

const PUBLISHED: Record<TsnPreset, Published> = {
  'tsn-bninception-rgb': { top1: 69.1, top5: 88.7 },
  'tsn-bninception-flow': { top1: 62.1, top5: 83.9 },
  'tsn-inceptionv3-rgb': { top1: 72.5, top5: 90.2 },
  'tsn-inceptionv3-flow': { top1: 62.8, top5: 84.2 },
};

/** The manifest of a preset, labels as `labels.txt` next to it (Kinetics-400 class order). */
export function tsnManifest(preset: TsnPreset): ModelManifest {
  return manifest(preset, PUBLISHED[preset]);
}

/**
 * The manifest of a model converted with `features` (convertCaffe's ConvertOptions): schema
 * version 2 naming the graph's features output (BNInception `global_pool`, 1024 values;
 * Inception V3, 2048). Without a features output the manifest is returned as it is.
 */
export function withFeatures(manifest: ModelManifest, model: ConvertedModel): ModelManifest {
  if (!model.features) return manifest;
  return { ...manifest, schemaVersion: 2, features: { ...model.features } };
}
