import { z } from 'zod';

/**
 * The manifest of a project's head (schema version 2, `kind: "head"`): a model whose input is
 * not frames but a backbone's per-snippet features, pooled with their neighbours
 * (main/learn/contextInput.ts). It names the backbone (a run of that model gives the
 * features), the classes (background first), and the project it was trained in: its classes
 * are that project's label set, so another project refuses it.
 */

/** The names of the head graph's input and output (models/head/headGraph.ts builds it). */
export const HEAD_INPUT = 'pooled_features';
export const HEAD_OUTPUT = 'probabilities';

const positiveInt = z.number().int().positive();

export const headManifestSchema = z.strictObject({
  schemaVersion: z.literal(2),
  kind: z.literal('head'),
  name: z.string().min(1),
  /** When it was trained (ISO time): two heads of one name are told apart by it. */
  version: z.string().min(1),
  onnx: z.string().min(1).describe('ONNX file, relative to this manifest (when written out)'),
  input: z.strictObject({
    name: z.literal(HEAD_INPUT),
    features: z.strictObject({
      backbone: z.strictObject({
        id: z.string().min(1),
        version: z.string(),
        manifestPath: z
          .string()
          .optional()
          .describe('Where the backbone run found it, for a model outside the model folders'),
      }),
      size: positiveInt.max(65536).describe('Values per snippet of the backbone features'),
    }),
    context: z.strictObject({
      snippets: z.number().int().min(0).describe('Neighbours pooled each side (0: none)'),
      pooling: z.literal('mean-before-after'),
    }),
    size: positiveInt.describe('Values per row: the features, then the two means'),
  }),
  output: z.strictObject({ name: z.literal(HEAD_OUTPUT), kind: z.literal('probabilities') }),
  labels: z.array(z.string().min(1)).min(2).describe('Output order; "background" first'),
  backgroundLabels: z.array(z.string().min(1)),
  project: z.strictObject({ uid: z.string().min(1) }),
});

export type HeadManifest = z.output<typeof headManifestSchema>;
