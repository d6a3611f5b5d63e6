import os from 'node:os';
import path from 'node:path';
import { benchVideo } from '../fixtures/videos.ts';
import { benchModelRefs, benchTsnModel } from './benchModels.ts';
import { measureCommand, round3 as round } from './measureCommand.ts';

/**
 * `npm run bench`: decode-only, inference-only and end-to-end pre-labelling of a generated
 * 5-minute 1280×720 H.264 video, for the built-in model, a compute-heavy one and the TSN
 * seed model's graph (BNInception RGB, random weights) with a center crop and with TSN's 10
 * crops, in wall and CPU seconds. The last line is one JSON object. Target: end-to-end ≤ 1.1 ×
 * the floor max(decodeOnly, inferOnly, (decodeCpu + inferCpu) / cores).
 * The 10-crop case samples at most 60 snippets (interval duration / 60 s, at least 1 s): each
 * costs ten BNInception passes.
 * Options: --duration <sec> (default 300), --quick (60 s video), --case <name> (one case).
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const durationArg = args.indexOf('--duration');
const durationSec = durationArg >= 0 ? Number(args[durationArg + 1]) : quick ? 60 : 300;
const NODE = process.execPath;
const STAGE = path.join(import.meta.dirname, 'stage.ts');

interface Measured {
  wallSec: number;
  cpuSec: number;
  peakRssMB: number;
  snippets: number;
}

async function measure(stageArgs: string[]): Promise<Measured> {
  const m = await measureCommand(NODE, [STAGE, ...stageArgs]);
  if (m.exitCode !== 0) throw new Error(`stage ${stageArgs[0]} exited ${m.exitCode}\n${m.stderr}`);
  const { snippets } = JSON.parse(m.stdout.trim().split('\n').pop()!) as { snippets: number };
  return { wallSec: m.wallSec, cpuSec: m.cpuSec, peakRssMB: m.peakRssMB, snippets };
}

const cores = os.availableParallelism();
const video = await benchVideo({ durationSec, widthPx: 1280, heightPx: 720 });
const models = benchModelRefs();
const tsn = await benchTsnModel();
const tenCropIntervalSec = Math.max(1, durationSec / 60);
const cases: { name: string; ref: string; intervalSec: number; batch: number; extra?: object }[] = [
  { name: 'motion', ref: models.motion, intervalSec: 1, batch: 8 },
  { name: 'heavy', ref: models.heavy, intervalSec: 1, batch: 8 },
  {
    name: 'tsnBnInceptionRgbCenter',
    ref: tsn.centerManifest,
    intervalSec: 1,
    batch: 8,
    extra: { crops: 1, intervalSec: 1 },
  },
  {
    name: 'tsnBnInceptionRgbTenCrop',
    ref: tsn.tenCropManifest,
    intervalSec: tenCropIntervalSec,
    batch: 2,
    extra: { crops: 10, intervalSec: round(tenCropIntervalSec) },
  },
];
const caseArg = args.indexOf('--case');
const only = caseArg >= 0 ? args[caseArg + 1] : undefined;
const report: Record<string, unknown> = { videoSec: durationSec, cores };
for (const c of cases.filter((k) => only === undefined || k.name === only)) {
  const common = [c.ref, video, String(c.intervalSec), String(c.batch)];
  const decode = await measure(['decode', ...common]);
  const infer = await measure(['infer', ...common]);
  const e2e = await measure(['e2e', ...common]);
  const floorSec = Math.max(decode.wallSec, infer.wallSec, (decode.cpuSec + infer.cpuSec) / cores);
  const row = {
    decodeOnlySec: round(decode.wallSec),
    decodeCpuSec: round(decode.cpuSec),
    inferOnlySec: round(infer.wallSec),
    inferCpuSec: round(infer.cpuSec),
    endToEndSec: round(e2e.wallSec),
    endToEndCpuSec: round(e2e.cpuSec),
    cores,
    snippets: e2e.snippets,
    snippetsPerSec: round(e2e.snippets / e2e.wallSec),
    inferSnippetsPerSec: round(infer.snippets / infer.wallSec),
    peakRssMB: round(e2e.peakRssMB),
    floorSec: round(floorSec),
    endToEndOverFloor: round(e2e.wallSec / floorSec),
    ...c.extra,
  };
  console.log(`${c.name}: ${JSON.stringify(row)}`);
  report[c.name] = row;
}
console.log(JSON.stringify(report));
