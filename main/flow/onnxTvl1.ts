import ort from 'onnxruntime-node';
import { buildTvl1LevelGraph } from '../../models/flow/tvl1Graph.ts';
import { type Device, openWithFallback, planProviders } from '../inference/executionProviders.ts';
import type { FloatImage } from './imageOps.ts';
import { resolveParams, type Tvl1Params } from '../../models/flow/tvl1Params.ts';
import { type FlowField, tvl1WithSolver } from './tvl1.ts';

/**
 * The ONNX engine: the per-level solver (models/flow/tvl1Graph.ts) runs in onnxruntime on
 * the chosen execution provider; the pyramid (INTER_LINEAR resizes of the frames, upsampling
 * of the flow between levels: a few cheap passes per level) runs in JS, shared with the
 * typed-array engine (tvl1.ts tvl1WithSolver). One session serves every level and frame size.
 */
export interface OnnxFlowEngine {
  /** Execution provider in use ('cpu', 'cuda', …). */
  provider: string;
  /** Providers skipped or failed, and the fallback taken (report these to the user). */
  fallbackNotes: readonly string[];
  flow(I0: FloatImage, I1: FloatImage): Promise<FlowField>;
  release(): Promise<void>;
}

export interface OnnxFlowOptions {
  device?: Device;
  params?: Partial<Tvl1Params>;
  /** ORT intra-op threads; absent lets ORT use every core. */
  intraOpThreads?: number;
}

export async function createOnnxFlowEngine(opts: OnnxFlowOptions = {}): Promise<OnnxFlowEngine> {
  const params = resolveParams(opts.params);
  const bytes = buildTvl1LevelGraph(params);
  const opened = await openWithFallback(planProviders(opts.device ?? 'cpu'), (provider) =>
    ort.InferenceSession.create(bytes, {
      executionProviders: [provider],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      ...(opts.intraOpThreads ? { intraOpNumThreads: opts.intraOpThreads } : {}),
    }),
  );
  const session = opened.value;
  const coordsCache = new Map<string, Float32Array>();

  const solveLevel = async (
    I0: FloatImage,
    I1: FloatImage,
    u1: Float32Array,
    u2: Float32Array,
  ): Promise<void> => {
    const { width: w, height: h } = I0;
    const n = w * h;
    const key = `${w}x${h}`;
    let coords = coordsCache.get(key);
    if (!coords) {
      coords = new Float32Array(n * 2);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          coords[(y * w + x) * 2] = x;
          coords[(y * w + x) * 2 + 1] = y;
        }
      }
      coordsCache.set(key, coords);
    }
    const flowIn = new Float32Array(2 * n);
    flowIn.set(u1, 0);
    flowIn.set(u2, n);
    const out = await session.run({
      I0: new ort.Tensor('float32', I0.data, [1, 1, h, w]),
      I1: new ort.Tensor('float32', I1.data, [1, 1, h, w]),
      flow_in: new ort.Tensor('float32', flowIn, [1, 2, h, w]),
      coords: new ort.Tensor('float32', coords, [1, h, w, 2]),
      norm: new ort.Tensor('float32', Float32Array.of(2 / (w - 1), 2 / (h - 1)), [2]),
      stop: new ort.Tensor('float32', Float32Array.of(params.epsilon * params.epsilon * n), []),
    });
    const flow = out.flow!.data as Float32Array;
    u1.set(flow.subarray(0, n));
    u2.set(flow.subarray(n, 2 * n));
  };

  return {
    provider: opened.provider,
    fallbackNotes: opened.notes,
    flow: (I0, I1) => tvl1WithSolver(I0, I1, solveLevel, params),
    release: () => session.release(),
  };
}
