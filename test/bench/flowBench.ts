import { availableParallelism } from 'node:os';
import { FlowWorkerPool } from '../../main/flow/flowPool.ts';
import { createOnnxFlowEngine } from '../../main/flow/onnxTvl1.ts';
import { meanEndpointError, smoothTexture, syntheticPair } from '../../main/flow/synthetic.ts';
import { tvl1Flow } from '../../main/flow/tvl1.ts';
import type { Device } from '../../main/inference/executionProviders.ts';

/**
 * TV-L1 flow fields per second at TSN's 340×256, OpenCV's default parameters, for each
 * engine: typed arrays on this thread, the worker pool (throughput with one field per
 * worker), and the ONNX graph (FLOW_BENCH_DEVICE, default cpu; e.g. cuda on a GPU machine).
 * FLOW_BENCH_RUNS fields per engine (default 2). Frames: a smooth synthetic texture moved by
 * (1.7, −0.8) px, rotated 1°, zoomed 1 % — the mean endpoint error is printed too.
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
