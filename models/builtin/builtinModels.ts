import { buildColourMotionModel } from './colourMotion.ts';
import { buildHeavyConvModel } from './heavyConv.ts';
import { buildMotionModel } from './motion.ts';

/**
 * Graphs Actionline builds itself instead of downloading: a manifest names one with
 * `"builtin": "<name>"`. `colourMotion` is the multi-class test model; `heavyConv` is the benchmark's stand-in for a TSN backbone.
 */
export const BUILTIN_MODELS = ['motion', 'colourMotion', 'heavyConv'] as const;
export type BuiltinModel = (typeof BUILTIN_MODELS)[number];

const builders: Record<BuiltinModel, () => Uint8Array> = {
  motion: buildMotionModel,
  colourMotion: buildColourMotionModel,
  heavyConv: buildHeavyConvModel,
};

/** The ONNX bytes of a built-in model (built on each call: keep the result). */
export function buildBuiltinModel(name: BuiltinModel): Uint8Array {
  return builders[name]();
}
