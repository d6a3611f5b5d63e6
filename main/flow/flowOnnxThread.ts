import { Worker } from 'node:worker_threads';
import type { FloatImage } from './imageOps.ts';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import type { FlowField } from './tvl1.ts';
import { entryPointUrl } from '../base/entryPoints.ts';
import { nodeRpcClient } from '../rpc/nodeRpc.ts';
import { workerTransport } from '../rpc/threadTransports.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { FlowEngine } from './flowEngine.ts';

/**
 * The ONNX TV-L1 engine on a thread of its own: onnxruntime-node's run() blocks the thread
 * that calls it, so the per-level solver graph must not run on the decoding thread. The
 * pyramid (resizes, flow upsampling) runs on that thread too; frames are copied there and
 * the flow comes back by transfer. The thread is an entry point (main/base/entryPoints.ts).
 */
export interface FlowThreadInit {
  device: Device;
  params: Partial<Tvl1Params>;
}

export type FlowThreadMethods = {
  /** Creates the engine; the first request. */
  open: { request: FlowThreadInit; response: { provider: string; fallbackNotes: string[] } };
  flow: {
    request: { width: number; height: number; I0: Float32Array; I1: Float32Array };
    response: { u: Float32Array; v: Float32Array };
  };
};

export async function startOnnxFlowThread(init: FlowThreadInit): Promise<FlowEngine> {
  const worker = new Worker(entryPointUrl('flowOnnxThread'));
  const rpc = nodeRpcClient<FlowThreadMethods>(
    workerTransport(worker, (why) => ({
      code: 'INFERENCE_FAILED',
      message:
        'error' in why
          ? `ONNX TV-L1 thread failed: ${why.error.message}`
          : `ONNX TV-L1 thread exited (code ${why.exitCode})`,
    })),
    { code: 'INFERENCE_FAILED', message: 'the ONNX TV-L1 thread is closed' },
  );
  let ready;
  try {
    ready = await rpc.call('open', init);
  } catch (err) {
    rpc.close();
    throw err;
  }

  async function flow(I0: FloatImage, I1: FloatImage): Promise<FlowField> {
    const { width, height } = I0;
    const request = { width, height, I0: I0.data.slice(), I1: I1.data.slice() };
    const { u, v } = await rpc.call('flow', request, {
      transfer: [request.I0.buffer as ArrayBuffer, request.I1.buffer as ArrayBuffer],
    });
    return { width, height, u, v };
  }

  return {
    kind: 'onnx',
    provider: ready.provider,
    fallbackNotes: ready.fallbackNotes,
    parallelism: 1,
    flow,
    close: async () => {
      rpc.close();
      await worker.terminate();
    },
  };
}
