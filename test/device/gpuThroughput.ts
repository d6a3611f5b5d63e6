/**
 * Device-only bench, never part of `npm test`, `npm run bench` or CI: what limits pre-labelling
 * on a machine with an NVIDIA GPU and onnxruntime's CUDA provider (`npm run gpu:install`).
 *
 *   node_modules/.bin/node test/device/gpuThroughput.ts [--clip <sec>]
 *
 * On the 1280×720 H.264 bench clip (default 180 s) with TSN BNInception RGB (random weights,
 * centre crop, a snippet a second) it measures, in one run: inference alone on CUDA and on
 * the CPU (ms per snippet at batch 8, 32 and 64, after a warm-up), decoding alone in the
 * pipeline's mode (reference frames, the CPU ffmpeg: no CUDA decoding in the bundled build),
 * and `actionline prelabel --device cuda` end to end, with its ratio to the decode floor.
 * docs/gpu.md says what to expect. The last line is one JSON object (GPU_BENCH_OUT=<file>
 * writes it there too). Exit code 1 when CUDA does not load (the reason is printed).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadModel } from '../../main/inference/manifest.ts';
import { modelInputDims, valuesPerSnippet } from '../../main/inference/preprocessPlan.ts';
import { createModelSession } from '../../main/inference/session.ts';
import { benchTsnModel } from '../bench/benchModels.ts';
import { measureCommand, round3 } from '../bench/measureCommand.ts';
import { benchOption, prelabelArgs } from '../bench/prelabelCommand.ts';
import { benchVideo } from '../fixtures/videos.ts';

const clipSec = Number(benchOption('--clip') ?? 180);
const NODE = process.execPath;
const STAGE = path.resolve(import.meta.dirname, '../bench/stage.ts');

const tsn = await benchTsnModel();
const model = await loadModel(tsn.centerManifest);
const per = valuesPerSnippet(model.manifest);

async function inferMsPerSnippet(device: 'cuda' | 'cpu', batch: number): Promise<number> {
  const session = await createModelSession(model, { device, intraOpThreads: 0 });
  if (device === 'cuda' && session.provider !== 'cuda') {
    console.error(`CUDA did not load: ${session.fallbackNotes.join('; ')}`);
    process.exit(1);
  }
  const input = new Float32Array(batch * per).map((_, i) => ((i * 7919) % 255) - 117);
  const dims = modelInputDims(model.manifest, batch);
  await session.run(input, dims); // warm-up: cuDNN picks its algorithms on the first run
  const passes = Math.max(3, Math.ceil(256 / batch));
  const start = performance.now();
  for (let p = 0; p < passes; p++) await session.run(input, dims);
  const ms = (performance.now() - start) / (passes * batch);
  await session.release();
  return ms;
}

const report: Record<string, unknown> = { cores: os.availableParallelism(), clipSec };
for (const batch of [8, 32, 64]) {
  report[`cudaMsPerSnippetBatch${batch}`] = round3(await inferMsPerSnippet('cuda', batch));
}
report.cpuMsPerSnippetBatch8 = round3(await inferMsPerSnippet('cpu', 8));

const clip = await benchVideo({ durationSec: clipSec, widthPx: 1280, heightPx: 720 });
const decode = await measureCommand(NODE, [STAGE, 'decode', tsn.centerManifest, clip, '1', '8']);
const e2e = await measureCommand(
  NODE,
  prelabelArgs(
    clip,
    tsn.centerManifest,
    path.join(os.tmpdir(), 'actionline-gpu-bench.json'),
    ...['--device', 'cuda', '--batch', '32'],
  ),
);
if (e2e.exitCode !== 0) throw new Error(`prelabel exited ${e2e.exitCode}\n${e2e.stderr}`);
Object.assign(report, {
  decodeOnlySec: round3(decode.wallSec),
  decodeCpuSec: round3(decode.cpuSec),
  prelabelCudaSec: round3(e2e.wallSec),
  prelabelCudaCpuSec: round3(e2e.cpuSec),
  prelabelOverDecode: round3(e2e.wallSec / decode.wallSec),
  realTime: round3(clipSec / e2e.wallSec),
});
const line = JSON.stringify(report);
console.log(line);
if (process.env.GPU_BENCH_OUT) writeFileSync(process.env.GPU_BENCH_OUT, `${line}\n`);
