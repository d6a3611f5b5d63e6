import { z } from 'zod';

/**
 * The model manifest, version 1: everything needed to feed frames to an ONNX video
 * classifier and name its outputs. models/manifest.schema.json is generated from this
 * (`npm run schema`), and a test fails when the two differ.
 */
const positiveInt = z.number().int().positive();
const triple = z.array(z.number()).length(3);

export const LAYOUTS = ['NCHW', 'NCHW-stacked', 'NTCHW', 'NCTHW', 'NMCHW'] as const;

export const manifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"'),
    name: z.string().min(1),
    version: z.string().min(1),
    description: z.string().optional(),
    modality: z.enum(['rgb', 'flow', 'motion']),
    /** ONNX file relative to the manifest; or `builtin` for graphs Actionline builds. */
    onnx: z.string().min(1).optional(),
    builtin: z.enum(['motion']).optional(),
    input: z.object({
      name: z.string().min(1),
      /** NCHW: one frame; NCHW-stacked: frames stacked on channels [N, C·T, H, W];
       *  NTCHW / NCTHW: clips; NMCHW: mmaction2's [N, crops·clips, 3, H, W]. */
      layout: z.enum(LAYOUTS),
      widthPx: positiveInt,
      heightPx: positiveInt,
    }),
    output: z.object({
      name: z.string().min(1).optional(),
      kind: z.enum(['logits', 'probabilities']),
    }),
    resize: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('fixed'), widthPx: positiveInt, heightPx: positiveInt }),
      z.object({ mode: z.literal('shortSide'), sizePx: positiveInt }),
    ]),
    framesPerSnippet: positiveInt,
    channelOrder: z.enum(['RGB', 'BGR']),
    /** 255: values stay on 0–255 before mean/std; 1: divided by 255 first. */
    pixelScale: z.union([z.literal(255), z.literal(1)]),
    mean: triple,
    std: triple,
    crops: z.enum(['center', 'three', 'ten']),
    labels: z.object({ file: z.string().min(1), format: z.enum(['lines', 'json']) }),
    backgroundLabels: z.array(z.string()).default([]),
    accuracy: z
      .array(
        z.object({
          dataset: z.string(),
          top1: z.number(),
          top5: z.number().optional(),
          protocol: z.string().optional(),
        }),
      )
      .optional(),
  })
  .refine((m) => (m.onnx === undefined) !== (m.builtin === undefined), {
    message: 'exactly one of "onnx" and "builtin" is required',
    path: ['onnx'],
  });

export type ModelManifest = z.infer<typeof manifestSchema>;
export type InputLayout = (typeof LAYOUTS)[number];

export function manifestJsonSchema(): unknown {
  return z.toJSONSchema(manifestSchema, { io: 'input' });
}
