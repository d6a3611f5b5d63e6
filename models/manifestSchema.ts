import { z } from 'zod';
import { BUILTIN_MODELS } from './builtin/builtinModels.ts';

/**
 * The model manifest: everything needed to feed frames to an ONNX video classifier and to name
 * its outputs. Schema version 2 adds `features`, a graph output of per-snippet features beside
 * the logits (the backbone a project's own head is trained on); version 1 manifests are read
 * as they always were. Defined once, here; models/manifest.schema.json is
 * generated from it (`npm run schema`) and a unit test fails when the two differ.
 */
const positiveInt = z.number().int().positive();
const sizePx = positiveInt.max(8192);
const perChannel = z
  .union([z.tuple([z.number(), z.number(), z.number()]), z.number()], {
    error: 'expected 3 numbers (one per channel) or one number',
  })
  .describe("Per channel in the model's channel order, or one value for every channel (flow)");

export const LAYOUTS = ['NCHW', 'NCHW-stacked', 'NTCHW', 'NCTHW', 'NMCHW'] as const;
export const CROPS = ['center', 'three', 'ten'] as const;

const input = z.strictObject({
  name: z.string().min(1).describe('Name of the ONNX graph input'),
  layout: z
    .enum(LAYOUTS)
    .describe(
      'NCHW: one frame [N, C, H, W]; NCHW-stacked: T frames on channels [N, C·T, H, W] ' +
        '(flow x1,y1,…,xT,yT); NTCHW / NCTHW: clips for 3-D CNNs; NMCHW: mmaction2 ' +
        '[N, crops·T, C, H, W], the model averages over M',
    ),
  widthPx: sizePx.describe('Crop width fed to the model'),
  heightPx: sizePx.describe('Crop height fed to the model'),
});

const resize = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('fixed'), widthPx: sizePx, heightPx: sizePx }),
  z.strictObject({ mode: z.literal('shortSide'), sizePx }),
]);

const accuracy = z.strictObject({
  dataset: z.string().min(1).describe('e.g. "Kinetics-400 val"'),
  top1: z.number().min(0).max(100).describe('Percent'),
  top5: z.number().min(0).max(100).optional().describe('Percent'),
  protocol: z.string().min(1).describe('e.g. "25 snippets, 10 crops"'),
});

const manifestObject = z.strictObject({
  $schema: z.string().optional(),
  schemaVersion: z.literal([1, 2]),
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'expected lower-case letters, digits, ".", "_" or "-"'),
  name: z.string().min(1),
  version: z.string().min(1),
  description: z.string().optional(),
  modality: z.enum(['rgb', 'flow', 'motion']),
  onnx: z.string().min(1).optional().describe('ONNX file, relative to this manifest'),
  builtin: z.enum(BUILTIN_MODELS).optional().describe('A graph Actionline builds itself'),
  input,
  output: z.strictObject({
    name: z.string().min(1).optional().describe("Defaults to the graph's first output"),
    kind: z.enum(['logits', 'probabilities']),
  }),
  features: z
    .strictObject({
      output: z.string().min(1).describe('Name of the ONNX graph output (e.g. TSN "global_pool")'),
      size: positiveInt.max(65536).describe('Values per snippet and crop, once flattened'),
    })
    .optional()
    .describe(
      'Schema version 2: per-snippet features beside the logits, averaged over crops like them',
    ),
  resize: resize.describe('Decoder output size: fixed (TSN 340×256) or short side (mmaction2 256)'),
  framesPerSnippet: positiveInt
    .max(256)
    .describe('new_length: TSN RGB 1, TSN flow 5 (flow fields)'),
  channelOrder: z.enum(['RGB', 'BGR']),
  pixelScale: z
    .literal([255, 1])
    .describe('Pixel range before mean/std: 255 keeps 0–255, 1 divides by 255 first'),
  mean: perChannel,
  std: perChannel,
  crops: z
    .enum(CROPS)
    .describe('center; three along the long side; ten = 4 corners + center, and flipped'),
  labels: z.strictObject({
    file: z.string().min(1).describe('Relative to this manifest'),
    format: z.enum(['lines', 'json']),
  }),
  accuracy: z.array(accuracy).optional().describe('Published numbers'),
  backgroundLabels: z
    .array(z.string().min(1))
    .default([])
    .describe('Labels that are not actions (e.g. "background"); detection ignores them'),
});

/** The flow input is two channels (x, y), so one mean/std; RGB needs three or one. */
export function channelsOf(modality: ModelManifest['modality']): 2 | 3 {
  return modality === 'flow' ? 2 : 3;
}

export const manifestSchema = manifestObject.superRefine((m, ctx) => {
  if ((m.onnx === undefined) === (m.builtin === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['onnx'],
      message: 'give exactly one of "onnx" and "builtin"',
    });
  }
  if (m.input.layout === 'NCHW' && m.framesPerSnippet !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['framesPerSnippet'],
      message: 'layout NCHW takes one frame per snippet (use NCHW-stacked, NTCHW or NCTHW)',
    });
  }
  for (const key of ['mean', 'std'] as const) {
    if (Array.isArray(m[key]) && m.modality === 'flow') {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: 'flow takes one value (x and y alike)',
      });
    }
  }
  const std = m.std;
  if ((Array.isArray(std) ? std : [std]).some((s) => s === 0)) {
    ctx.addIssue({ code: 'custom', path: ['std'], message: 'must not be 0' });
  }
  const { widthPx, heightPx } = m.input;
  const fits =
    m.resize.mode === 'fixed'
      ? widthPx <= m.resize.widthPx && heightPx <= m.resize.heightPx
      : Math.max(widthPx, heightPx) <= m.resize.sizePx; // either orientation
  if (!fits) {
    const size =
      m.resize.mode === 'fixed'
        ? `${m.resize.widthPx}×${m.resize.heightPx}`
        : `short side ${m.resize.sizePx}`;
    ctx.addIssue({
      code: 'custom',
      path: ['input', 'widthPx'],
      message: `the ${widthPx}×${heightPx} crop does not fit in the resized frame (${size})`,
    });
  }
  if (m.features !== undefined && m.schemaVersion < 2) {
    ctx.addIssue({
      code: 'custom',
      path: ['features'],
      message: 'features need schemaVersion 2',
    });
  }
  const background = new Set(m.backgroundLabels);
  if (background.size !== m.backgroundLabels.length) {
    ctx.addIssue({ code: 'custom', path: ['backgroundLabels'], message: 'lists a label twice' });
  }
});

export type ModelManifest = z.output<typeof manifestObject>;
export type InputLayout = (typeof LAYOUTS)[number];
export type CropKind = (typeof CROPS)[number];

/** JSON Schema (draft 2020-12) of what a manifest file may contain. */
export function manifestJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(manifestObject, { io: 'input', target: 'draft-2020-12' }),
    title: 'Actionline model manifest',
  };
}
