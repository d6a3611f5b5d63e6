import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { FlowWorkerPool } from '../../main/flow/flowPool.ts';
import { createOnnxFlowEngine } from '../../main/flow/onnxTvl1.ts';
import { meanEndpointError, smoothTexture, syntheticPair } from '../../main/flow/synthetic.ts';
import { tvl1Flow } from '../../main/flow/tvl1.ts';
import type { Device } from '../../main/inference/executionProviders.ts';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../main/host/protocol.ts';
import type { FlowEngineKind } from '../../main/pipeline/flowStage.ts';
import { benchVideo } from '../fixtures/videos.ts';
import { writeTinyModels } from '../integration/twoStream/helpers/tinyModels.ts';

/**
 * TV-L1 flow fields per second at TSN's 340×256, OpenCV's default parameters, for each
 * engine: typed arrays on this thread, the worker pool (throughput with one field per
 * worker), and the ONNX graph (FLOW_BENCH_DEVICE, default cpu; e.g. cuda on a GPU machine).
 * FLOW_BENCH_RUNS fields per engine (default 2). Frames: a smooth synthetic texture moved by
 * (1.7, −0.8) px, rotated 1°, zoomed 1 % — the mean endpoint error is printed too.
 *
 * End to end (FLOW_BENCH_E2E_SEC seconds of a 340×256 clip, default 4, one snippet a
 * second; 0 skips): snippets per second through the analysis worker process (ffmpeg decode,
 * luma, TV-L1 with OpenCV's parameters, TSN encoding, 10 crops, inference) for RGB alone,
 * flow alone and two-stream RGB+Flow, per TV-L1 engine (FLOW_BENCH_E2E_ENGINES, default
 * "cpu,onnx"). The models are tiny random-weight nets at TSN's geometry (340×256 → 224×224),
 * so the numbers are the pipeline and TV-L1 without BNInception's cost (see `npm run bench`
 * for that model alone).
 */
const W = 340;
const H = 256;
const runs = Number(process.env.FLOW_BENCH_RUNS ?? 2);
const device = (process.env.FLOW_BENCH_DEVICE ?? 'cpu') as Device;
const { I0, I1, truth } = syntheticPair(smoothTexture(7), W, H, {
  dx: 1.7,
  dy: -0.8,
  rotationDeg: 1,
  zoom: 1.01,
});

function report(name: string, seconds: number, fields: number, epe: number): void {
  console.log(
    `${name.padEnd(34)} ${(fields / seconds).toFixed(3)} fields/s  (${((seconds / fields) * 1000).toFixed(0)} ms/field, ${fields} fields)  EPE ${epe.toFixed(4)} px`,
  );
}

console.log(`TV-L1 ${W}×${H}, OpenCV defaults, ${availableParallelism()} cores`);
{
  tvl1Flow(I0, I1); // warm-up (JIT)
  const t = performance.now();
  let flow = tvl1Flow(I0, I1);
  for (let i = 1; i < runs; i++) flow = tvl1Flow(I0, I1);
  report(
    'typed arrays, this thread',
    (performance.now() - t) / 1000,
    runs,
    meanEndpointError(flow, truth, 10),
  );
}
{
  const pool = new FlowWorkerPool();
  await Promise.all(Array.from({ length: pool.size }, () => pool.flow(I0, I1))); // warm-up
  const t = performance.now();
  const flows = await Promise.all(
    Array.from({ length: runs * pool.size }, () => pool.flow(I0, I1)),
  );
  report(
    `worker pool (${pool.size} workers)`,
    (performance.now() - t) / 1000,
    flows.length,
    meanEndpointError(flows[0]!, truth, 10),
  );
  await pool.close();
}
{
  const engine = await createOnnxFlowEngine({ device });
  await engine.flow(I0, I1); // warm-up
  const t = performance.now();
  let flow = await engine.flow(I0, I1);
  for (let i = 1; i < runs; i++) flow = await engine.flow(I0, I1);
  report(
    `onnx on ${engine.provider}`,
    (performance.now() - t) / 1000,
    runs,
    meanEndpointError(flow, truth, 10),
  );
  for (const note of engine.fallbackNotes) console.log(`  note: ${note}`);
  await engine.release();
}

const e2eSec = Number(process.env.FLOW_BENCH_E2E_SEC ?? 4);
if (e2eSec > 0) {
  const engines = (process.env.FLOW_BENCH_E2E_ENGINES ?? 'cpu,onnx').split(',') as FlowEngineKind[];
  const clip = await benchVideo({ durationSec: e2eSec, widthPx: 340, heightPx: 256 });
  const models = await writeTinyModels(mkdtempSync(path.join(tmpdir(), 'actionline-flowbench-')), {
    frameW: 340,
    frameH: 256,
    crop: 224,
  });
  const host = new ForkedAnalysisHost();
  const base: ScoreJob = {
    videoPath: clip,
    modelRef: models.rgb,
    device,
    intraOpThreads: 0,
    plan: { kind: 'interval', intervalSec: 1 },
    batchSnippets: 4,
    decodeThreads: 0,
  };
  const timed = async (name: string, job: ScoreJob) => {
    const t = performance.now();
    const result = await host.score(job);
    const sec = (performance.now() - t) / 1000;
    const n = result.snippets.length;
    console.log(
      `${name.padEnd(34)} ${(n / sec).toFixed(3)} snippets/s  (${sec.toFixed(1)} s for ${n} snippets, 10 crops)`,
    );
  };
  console.log(`end to end, ${e2eSec} s 340×256 clip, 1 snippet/s, TV-L1 OpenCV defaults`);
  await host.score({ ...base, plan: { kind: 'interval', intervalSec: e2eSec } }); // warm-up
  await timed('RGB alone', base);
  for (const engine of engines) {
    const flow = { engine, device };
    await timed(`flow alone, TV-L1 ${engine}`, { ...base, modelRef: models.flow, flow });
    await timed(`RGB+Flow, TV-L1 ${engine}`, {
      ...base,
      flow,
      twoStream: { flowModelRef: models.flow, weights: { rgb: 1, flow: 1 } },
    });
  }
  await host.close();
}
