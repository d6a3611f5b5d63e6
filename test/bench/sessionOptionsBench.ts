import ort from 'onnxruntime-node';
import { benchTsnModel } from './benchModels.ts';
import { loadModel } from '../../main/inference/manifest.ts';

/**
 * `npm run bench:session`: onnxruntime session options, one at a time against the options
 * the app uses (main/inference/session.ts), on the TSN BNInception RGB graph (random
 * weights), centre crop, batches of 8. Prints ms per snippet (median of 5 passes of 32
 * snippets after a warm-up) and the ratio to the app's options, measured in the same run.
 * Options: --model <manifest> (another model), --int8 <onnx> (adds that graph as a case).
 */
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const manifestPath = arg('--model') ?? (await benchTsnModel()).centerManifest;
const model = await loadModel(manifestPath);
if (!('path' in model.onnx)) throw new Error('bench models are files');
const onnxPath = model.onnx.path;
const { widthPx, heightPx } = model.manifest.input;

const APP: ort.InferenceSession.SessionOptions = {
  executionProviders: ['cpu'],
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  interOpNumThreads: 1,
  extra: { session: { intra_op: { allow_spinning: '0' } } },
};
type Case = {
  name: string;
  options: ort.InferenceSession.SessionOptions;
  batch?: number;
  file?: string;
};
const cases: Case[] = [
  { name: 'app (all, sequential, no spinning)', options: APP },
  { name: 'spinning on', options: { ...APP, extra: {} } },
  { name: 'graph optimisation basic', options: { ...APP, graphOptimizationLevel: 'basic' } },
  { name: 'graph optimisation extended', options: { ...APP, graphOptimizationLevel: 'extended' } },
  { name: 'memory pattern off', options: { ...APP, enableMemPattern: false } },
  { name: 'CPU arena off', options: { ...APP, enableCpuMemArena: false } },
  { name: 'intra-op threads 1', options: { ...APP, intraOpNumThreads: 1 } },
  { name: 'intra-op threads 2', options: { ...APP, intraOpNumThreads: 2 } },
  {
    name: 'parallel execution, 2 inter-op',
    options: { ...APP, executionMode: 'parallel', interOpNumThreads: 2 },
  },
  { name: 'batch 4', options: APP, batch: 4 },
  { name: 'batch 16', options: APP, batch: 16 },
];
const int8 = arg('--int8');
if (int8) cases.push({ name: 'int8 graph', options: APP, file: int8 });

const SNIPPETS = 32;
const PASSES = 5;

async function measure(c: Case): Promise<number> {
  const batch = c.batch ?? 8;
  const session = await ort.InferenceSession.create(c.file ?? onnxPath, c.options);
  const input = session.inputNames[0]!;
  const data = new Float32Array(batch * 3 * widthPx * heightPx).map(
    (_, i) => ((i * 7919) % 255) - 117,
  );
  const tensor = new ort.Tensor('float32', data, [batch, 3, heightPx, widthPx]);
  await session.run({ [input]: tensor }); // warm-up: first-run allocations
  const perSnippetMs: number[] = [];
  for (let p = 0; p < PASSES; p++) {
    const start = performance.now();
    for (let done = 0; done < SNIPPETS; done += batch) await session.run({ [input]: tensor });
    perSnippetMs.push((performance.now() - start) / (Math.ceil(SNIPPETS / batch) * batch));
  }
  await session.release();
  return perSnippetMs.sort((a, b) => a - b)[PASSES >> 1]!;
}

const report: Record<string, { msPerSnippet: number; overApp: number }> = {};
let appMs = 0;
for (const c of cases) {
  const ms = await measure(c);
  if (c === cases[0]) appMs = ms;
  report[c.name] = { msPerSnippet: round(ms), overApp: round(ms / appMs) };
  console.log(`${c.name}: ${ms.toFixed(1)} ms/snippet, ${(ms / appMs).toFixed(3)}× the app's`);
}
console.log(JSON.stringify({ model: model.manifest.id, report }));

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
