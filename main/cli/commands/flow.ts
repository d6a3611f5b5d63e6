import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { ActionlineError } from '../../base/errors.ts';
import { decodeImageLuma } from '../../flow/decodeImage.ts';
import { encodeFlo } from '../../flow/flo.ts';
import { FlowWorkerPool } from '../../flow/flowPool.ts';
import { createOnnxFlowEngine } from '../../flow/onnxTvl1.ts';
import type { FlowField } from '../../flow/tvl1.ts';
import { DEVICES, type Device } from '../../inference/executionProviders.ts';
import type { CliContext } from '../support/cliContext.ts';

interface FlowOptions {
  out: string;
  engine: 'cpu' | 'onnx';
  device: Device;
}

/**
 * `actionline flow <frame1> <frame2> --out <file.flo> [--engine cpu|onnx]`: TV-L1 optical
 * flow (OpenCV 4.6 DualTVL1 defaults) from the first image to the second, at the images' own
 * size, converted to BT.601 luma; written as Middlebury .flo.
 */
export function registerFlow(program: Command, ctx: CliContext): void {
  program
    .command('flow')
    .description('TV-L1 optical flow between two images, written as Middlebury .flo')
    .argument('<frame1>', 'first image (PNG, JPEG, …)')
    .argument('<frame2>', 'second image, the same size')
    .requiredOption('--out <file.flo>', 'where to write the flow')
    .addOption(
      new Option('--engine <engine>', 'typed arrays on a worker thread, or the ONNX graph')
        .choices(['cpu', 'onnx'])
        .default('cpu'),
    )
    .addOption(
      new Option('--device <device>', 'execution provider of the onnx engine')
        .choices([...DEVICES])
        .default('cpu'),
    )
    .action(async (frame1: string, frame2: string, opts: FlowOptions) => {
      const [I0, I1] = await Promise.all([decodeImageLuma(frame1), decodeImageLuma(frame2)]);
      if (I0.width !== I1.width || I0.height !== I1.height) {
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `the images differ in size: ${I0.width}×${I0.height} (${frame1}) and ${I1.width}×${I1.height} (${frame2})`,
        );
      }
      const started = performance.now();
      let flow: FlowField;
      let where: string;
      if (opts.engine === 'onnx') {
        const engine = await createOnnxFlowEngine({ device: opts.device });
        for (const note of engine.fallbackNotes) console.error(`note: ${note}`);
        try {
          flow = await engine.flow(I0, I1);
        } finally {
          await engine.release();
        }
        where = `onnx on ${engine.provider}`;
      } else {
        const pool = new FlowWorkerPool({ size: 1 });
        try {
          flow = await pool.flow(I0, I1);
        } finally {
          await pool.close();
        }
        where = 'cpu (worker thread)';
      }
      const seconds = (performance.now() - started) / 1000;
      const out = path.resolve(opts.out);
      await writeFile(out, encodeFlo(flow));
      let sum = 0;
      let max = 0;
      for (let i = 0; i < flow.u.length; i++) {
        const m = Math.hypot(flow.u[i]!, flow.v[i]!);
        sum += m;
        if (m > max) max = m;
      }
      console.log(
        `flow ${flow.width}×${flow.height} by ${where} in ${seconds.toFixed(2)} s; ` +
          `mean |flow| ${(sum / flow.u.length).toFixed(3)} px, max ${max.toFixed(3)} px`,
      );
      console.log(`wrote ${out}`);
      ctx.exitCode = 0;
    });
}
