import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ort from 'onnxruntime-node';
import { FlowWorkerPool } from '../../../main/flow/flowPool.ts';
import { createOnnxFlowEngine, type OnnxFlowEngine } from '../../../main/flow/onnxTvl1.ts';
import { resolveParams } from '../../../models/flow/tvl1Params.ts';
import { meanEndpointError, smoothTexture, syntheticPair } from '../../../main/flow/synthetic.ts';
import { procOneScale, tvl1Flow, tvl1WithSolver } from '../../../main/flow/tvl1.ts';
import { buildTvl1LevelGraph } from '../../../models/flow/tvl1Graph.ts';

// Small frames keep the two shared cores free: 64×48, OpenCV's defaults otherwise.
const W = 64;
const H = 48;
const motion = { dx: 1.6, dy: -0.9, rotationDeg: 1, zoom: 1.01 };

describe('TV-L1 as an ONNX graph (onnxruntime, CPU)', () => {
  let engine: OnnxFlowEngine;
  beforeAll(async () => {
    engine = await createOnnxFlowEngine({ device: 'cpu', intraOpThreads: 1 });
  });
  afterAll(() => engine.release());

  it('solves each pyramid level as the typed-array solver does (same input, OpenCV stopping rule)', async () => {
    const params = resolveParams();
    const session = await ort.InferenceSession.create(buildTvl1LevelGraph(params), {
      intraOpNumThreads: 1,
    });
    const { I0, I1 } = syntheticPair(smoothTexture(4), W, H, motion);
    const perLevel: number[] = [];
    await tvl1WithSolver(I0, I1, async (a, b, u1, u2, p) => {
      const { width: w, height: h } = a;
      const n = w * h;
      const coords = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        coords[2 * i] = i % w;
        coords[2 * i + 1] = Math.floor(i / w);
      }
      const flowIn = new Float32Array(2 * n);
      flowIn.set(u1);
      flowIn.set(u2, n);
      const out = await session.run({
        I0: new ort.Tensor('float32', a.data, [1, 1, h, w]),
        I1: new ort.Tensor('float32', b.data, [1, 1, h, w]),
        flow_in: new ort.Tensor('float32', flowIn, [1, 2, h, w]),
        coords: new ort.Tensor('float32', coords, [1, h, w, 2]),
        norm: new ort.Tensor('float32', Float32Array.of(2 / (w - 1), 2 / (h - 1)), [2]),
        stop: new ort.Tensor('float32', Float32Array.of(p.epsilon * p.epsilon * n), []),
      });
      const onnx = out.flow!.data as Float32Array;
      procOneScale(a, b, u1, u2, p);
      perLevel.push(
        meanEndpointError(
          { width: w, height: h, u: u1, v: u2 },
          { width: w, height: h, u: onnx.subarray(0, n), v: onnx.subarray(n) },
        ),
      );
    });
    await session.release();
    expect(perLevel).toHaveLength(5);
    for (const epe of perLevel) expect(epe).toBeLessThan(1e-3);
  });

  it('the full pyramid agrees with the typed-array engine (< 0.01 px) as a fixed-iteration solver', async () => {
    const fixed = await createOnnxFlowEngine({
      device: 'cpu',
      intraOpThreads: 1,
      params: { epsilon: 0 },
    });
    try {
      const { I0, I1 } = syntheticPair(smoothTexture(5), W, H, motion);
      const a = tvl1Flow(I0, I1, { epsilon: 0 });
      const b = await fixed.flow(I0, I1);
      expect(meanEndpointError(a, b)).toBeLessThan(0.01);
    } finally {
      await fixed.release();
    }
  });

  it('with the OpenCV defaults, finds the known motion (< 0.1 px away from the borders)', async () => {
    const { I0, I1, truth } = syntheticPair(smoothTexture(6), W, H, motion);
    expect(engine.provider).toBe('cpu');
    const flow = await engine.flow(I0, I1);
    expect(meanEndpointError(flow, truth, 8)).toBeLessThan(0.1);
  });
});

describe('TV-L1 worker pool', () => {
  it('returns exactly what the solver computes on the calling thread', async () => {
    const pool = new FlowWorkerPool({ size: 2 });
    try {
      const pairs = [1, 2].map((s) => syntheticPair(smoothTexture(s), 48, 40, motion));
      const flows = await Promise.all(pairs.map((p) => pool.flow(p.I0, p.I1)));
      for (const [i, p] of pairs.entries()) {
        const local = tvl1Flow(p.I0, p.I1);
        expect([...flows[i]!.u]).toEqual([...local.u]);
        expect([...flows[i]!.v]).toEqual([...local.v]);
      }
    } finally {
      await pool.close();
    }
  });
});
