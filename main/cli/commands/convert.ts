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
  quantize?: 'int8';
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
    .addOption(
      new Option(
        '--quantize <type>',
        'write an int8 model (static QDQ, calibrated on noise images; needs --preset): about 1.7× faster on the CPU',
      ).choices(['int8']),
    )
    .action(async (opts: ConvertCaffeOptions) => {
      const started = performance.now();
      const { model, manifest, int8 } = await convertCaffeFiles({
        prototxtPath: opts.prototxt,
        weightsPath: opts.weights,
        onnxPath: opts.out,
        ...(opts.manifestOut ? { manifestPath: opts.manifestOut } : {}),
        ...(opts.preset ? { preset: opts.preset } : {}),
        ...(opts.quantize ? { quantize: opts.quantize } : {}),
      });
      const io = (vs: { name: string; dims: (number | string)[] }[]) =>
        vs.map((v) => `${v.name} [${v.dims.join(', ')}]`).join(', ');
      for (const w of model.warnings) console.error(`warning: ${w}`);
      console.error(
        `wrote ${path.resolve(opts.out)}: ${model.net.layers.length} layers, ` +
          `input ${io(model.inputs)}, output ${io(model.outputs)} ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (int8) {
        console.error(
          `int8: on ${int8.inputs} noise images it was not calibrated on, max |int8 − float| ` +
            `${int8.maxAbsDiff.toPrecision(3)} of outputs up to ${int8.maxAbsFloat.toPrecision(3)} ` +
            `(${((100 * int8.maxAbsDiff) / int8.maxAbsFloat).toFixed(1)} %), top class the same ` +
            `for ${Math.round(100 * int8.top1Agreement)} %`,
        );
      }
      if (manifest && opts.manifestOut) {
        console.error(`wrote ${path.resolve(opts.manifestOut)} (model id "${manifest.id}")`);
      }
      ctx.exitCode = 0;
    });
}
