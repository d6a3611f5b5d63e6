/**
 * Device-only check, never part of `npm test` or CI: on a machine with an NVIDIA GPU and
 * onnxruntime's CUDA provider installed (`npm run gpu:install`), the same model and input
 * give the same outputs on CUDA as on the CPU.
 *
 *   node_modules/.bin/node test/device/cudaParity.ts
 *
 * Models: the built-in `motion`, the benchmark's heavy conv stack (~2 G multiply-adds) and the
 * TSN BNInception RGB deploy net with seeded random weights (center crop), each on a batch
 * of 4 seeded random inputs. Passes when CUDA actually loads (a fallback to the CPU fails the
 * check, with the reason) and, for every model, max |CUDA − CPU| ≤ 1e-2 × max |CPU| (cuDNN
 * may use TF32 on Ampere and later: ~1e-3 per layer), and each item's top class agrees
 * wherever the CPU's best two classes are further apart than that difference.
 * Exit code 0 when all pass. The last line is one JSON object; with CUDA_PARITY_OUT set it is
 * also written to that file.
 */
import { writeFileSync } from 'node:fs';
import { loadModel } from '../../main/inference/manifest.ts';
import { modelInputDims } from '../../main/inference/preprocessPlan.ts';
import { createModelSession } from '../../main/inference/session.ts';
import { seededRandom } from '../../shared/random/seededRandom.ts';
import { benchModelRefs, benchTsnModel } from '../bench/benchModels.ts';

const BATCH = 4;
const RELATIVE_TOLERANCE = 1e-2;

interface Parity {
  model: string;
  provider: string;
  notes: readonly string[];
  maxAbsDiff: number;
  maxAbsCpu: number;
  topClassDisagreements: number;
  pass: boolean;
}

/** Top class of row `r` and its margin over the second best. */
function top(values: Float32Array, classes: number, r: number): { index: number; margin: number } {
  let best = -Infinity;
  let second = -Infinity;
  let index = -1;
  for (let c = 0; c < classes; c++) {
    const v = values[r * classes + c]!;
    if (v > best) [second, best, index] = [best, v, c];
    else if (v > second) second = v;
  }
  return { index, margin: best - second };
}

async function compare(name: string, ref: string): Promise<Parity> {
  const model = await loadModel(ref);
  const dims = modelInputDims(model.manifest, BATCH);
  const rand = seededRandom(2024);
  // Pixels in the range the preprocessing hands the model: 0–255 (or 0–1) less the mean.
  const m = model.manifest;
  const mean = Array.isArray(m.mean) ? m.mean[0]! : m.mean;
  const input = Float32Array.from(
    { length: dims.reduce((a, b) => a * b, 1) },
    () => rand() * m.pixelScale - mean,
  );
  const cpu = await createModelSession(model, { device: 'cpu' });
  const cuda = await createModelSession(model, { device: 'cuda' });
  try {
    const expected = await cpu.run(input, dims);
    if (cuda.provider !== 'cuda') {
      return {
        model: name,
        provider: cuda.provider,
        notes: cuda.fallbackNotes,
        maxAbsDiff: NaN,
        maxAbsCpu: NaN,
        topClassDisagreements: NaN,
        pass: false,
      };
    }
    const got = await cuda.run(input, dims);
    let maxAbsDiff = 0;
    let maxAbsCpu = 0;
    for (let i = 0; i < expected.length; i++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i]! - expected[i]!));
      maxAbsCpu = Math.max(maxAbsCpu, Math.abs(expected[i]!));
    }
    const rows = expected.length / cpu.classCount;
    let topClassDisagreements = 0;
    for (let r = 0; r < rows; r++) {
      const want = top(expected, cpu.classCount, r);
      if (want.margin > 2 * maxAbsDiff && top(got, cpu.classCount, r).index !== want.index)
        topClassDisagreements++;
    }
    return {
      model: name,
      provider: cuda.provider,
      notes: cuda.fallbackNotes,
      maxAbsDiff,
      maxAbsCpu,
      topClassDisagreements,
      pass: maxAbsDiff <= RELATIVE_TOLERANCE * maxAbsCpu && topClassDisagreements === 0,
    };
  } finally {
    await cpu.release();
    await cuda.release();
  }
}

const refs = benchModelRefs();
const tsn = await benchTsnModel();
const results: Parity[] = [];
for (const [name, ref] of [
  ['motion', refs.motion],
  ['heavy', refs.heavy],
  ['tsnBnInceptionRgbCenter', tsn.centerManifest],
] as const) {
  const r = await compare(name, ref);
  results.push(r);
  console.log(
    r.provider === 'cuda'
      ? `${name}: max |cuda − cpu| ${r.maxAbsDiff.toExponential(2)} (max |cpu| ${r.maxAbsCpu.toFixed(3)}), top-class disagreements ${r.topClassDisagreements}: ${r.pass ? 'pass' : 'FAIL'}`
      : `${name}: FAIL, CUDA did not load (${r.notes.join('; ')})`,
  );
}
const line = JSON.stringify({ check: 'cudaParity', tolerance: RELATIVE_TOLERANCE, results });
console.log(line);
if (process.env.CUDA_PARITY_OUT) writeFileSync(process.env.CUDA_PARITY_OUT, `${line}\n`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
