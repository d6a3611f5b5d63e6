import path from 'node:path';
import { type Command, Option } from 'commander';
import { convertCaffeFiles } from '../../inference/convertCaffeFiles.ts';
import { TSN_PRESETS, type TsnPreset } from '../../../models/convert/caffe/tsnPresets.ts';
import type { CliContext } from '../support/cliContext.ts';

interface ConvertCaffeOptions {
  prototxt: string;
  weights: string;
  out: string;
  manifestOut?: string;
  preset?: TsnPreset;
}

/** `actionline convert caffe`: a Caffe deploy prototxt + caffemodel → ONNX (+ manifest). */
export function registerConvert(program: Command, ctx: CliContext): void {
  const convert = program.command('convert').description('convert a model to ONNX for Actionline');
  convert
    .command('caffe')
    .description('convert a Caffe model (BVLC or the TSN fork) to ONNX')
    .requiredOption('--prototxt <deploy.prototxt>', 'deploy net (text format)')
    .requiredOption('--weights <model.caffemodel>', 'trained weights (binary)')
    .requiredOption('--out <model.onnx>', 'ONNX file to write')
    .option('--manifest-out <manifest.json>', 'also write a model manifest (needs --preset)')
    .addOption(
      new Option('--preset <name>', 'preprocessing and labels of a known model').choices([
        ...TSN_PRESETS,
      ]),
    )
    .action(async (opts: ConvertCaffeOptions) => {
      const started = performance.now();
      const { model, manifest } = await convertCaffeFiles({
        prototxtPath: opts.prototxt,
        weightsPath: opts.weights,
        onnxPath: opts.out,
        ...(opts.manifestOut ? { manifestPath: opts.manifestOut } : {}),
        ...(opts.preset ? { preset: opts.preset } : {}),
      });
      const io = (vs: { name: string; dims: (number | string)[] }[]) =>
        vs.map((v) => `${v.name} [${v.dims.join(', ')}]`).join(', ');
      for (const w of model.warnings) console.error(`warning: ${w}`);
      console.error(
        `wrote ${path.resolve(opts.out)}: ${model.net.layers.length} layers, ` +
          `input ${io(model.inputs)}, output ${io(model.outputs)} ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (manifest && opts.manifestOut) {
        console.error(`wrote ${path.resolve(opts.manifestOut)} (model id "${manifest.id}")`);
      }
      ctx.exitCode = 0;
    });
}
