import path from 'node:path';
import { type Command, Option } from 'commander';
import { convertCaffeFiles } from '../../inference/convertCaffeFiles.ts';
import type { Int8Difference } from '../../inference/quantizeInt8.ts';
import { TSN_PRESETS, type TsnPreset } from '../../../models/convert/caffe/tsnPresets.ts';
import type { CliContext } from '../support/cliContext.ts';

interface ConvertCaffeOptions {
  prototxt: string;
  weights: string;
  out: string;
  manifestOut?: string;
  preset?: TsnPreset;
  quantize?: 'int8';
  calibrate?: string[];
  /** false with --no-features. */
  features: boolean;
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
        'write an int8 model (static QDQ; needs --preset): about 1.7× faster on the CPU; ' +
          'activation ranges calibrated on noise images unless --calibrate is given',
      ).choices(['int8']),
    )
    .option(
      '--no-features',
      'with --preset: leave out the features output (the pooled values the classifier ' +
        'reads, which the manifest names for training a head)',
    )
    .option(
      '--calibrate <video>',
      'with --quantize int8 (RGB presets): calibrate on frames of this video instead of ' +
        'noise (16 spread over the --calibrate videos, 8 others held out for the reported ' +
        'difference); repeat for more videos',
      (video: string, previous: string[] | undefined) => [...(previous ?? []), video],
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
        ...(opts.calibrate ? { calibrationVideos: opts.calibrate } : {}),
        ...(opts.features ? {} : { features: false }),
      });
      const io = (vs: { name: string; dims: (number | string)[] }[]) =>
        vs.map((v) => `${v.name} [${v.dims.join(', ')}]`).join(', ');
      for (const w of model.warnings) console.error(`warning: ${w}`);
      console.error(
        `wrote ${path.resolve(opts.out)}: ${model.net.layers.length} layers, ` +
          `input ${io(model.inputs)}, output ${io(model.outputs)} ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
      );
      if (int8) console.error(int8Report(int8));
      if (manifest && opts.manifestOut) {
        console.error(`wrote ${path.resolve(opts.manifestOut)} (model id "${manifest.id}")`);
      }
      ctx.exitCode = 0;
    });
}

/** What the int8 model's difference was measured on, and the difference. */
function int8Report(d: Int8Difference): string {
  const s = d.source;
  const on =
    s.kind === 'noise'
      ? `on ${d.inputs} noise images it was not calibrated on (calibrated on ${s.calibrationImages} others)`
      : `on ${d.inputs} held-out frames of ` +
        s.videos
          .filter((v) => v.heldOutFrames.length > 0)
          .map((v) => `${v.path} (frames ${v.heldOutFrames.join(', ')})`)
          .join(', ') +
        `, not calibrated on (calibrated on ${s.videos.reduce((n, v) => n + v.calibrationFrames.length, 0)} other frames)`;
  return (
    `int8: ${on}, max |int8 − float| ${d.maxAbsDiff.toPrecision(3)} of outputs up to ` +
    `${d.maxAbsFloat.toPrecision(3)} (${((100 * d.maxAbsDiff) / d.maxAbsFloat).toFixed(1)} %), ` +
    `top class ${s.kind === 'frames' ? '(logits averaged over crops, as scored) ' : ''}` +
    `the same for ${Math.round(100 * d.top1Agreement)} %`
  );
}
