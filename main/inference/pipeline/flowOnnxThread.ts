import { Worker } from 'node:worker_threads';
import type { FloatImage } from '../../flow/imageOps.ts';
import type { Tvl1Params } from '../../../models/flow/tvl1Params.ts';
import type { FlowField } from '../../flow/tvl1.ts';
import { ActionlineError } from '../../errors.ts';
import type { ErrorInfo } from '../../../shared/result.ts';
import type { Device } from '../executionProviders.ts';
import type { FlowEngine } from './flowStage.ts';
import { entryPointUrl } from '../../entryPoints.ts';

/**
 * The ONNX TV-L1 engine on a thread of its own: onnxruntime-node's run() blocks the thread
 * that calls it, so the per-level solver graph must not run on the decoding thread. The
 * pyramid (resizes, flow upsampling) runs on that thread too; frames are copied there and
 * the flow comes back by transfer. The thread is an entry point (main/entryPoints.ts).
 */
export interface FlowThreadInit {
  device: Device;
  params: Partial<Tvl1Params>;
}

export interface FlowThreadRequest {
  id: number;
  width: number;
  height: number;
  I0: Float32Array;
  I1: Float32Array;
}

export type FlowThreadReply =
  | { type: 'ready'; provider: string; fallbackNotes: string[] }
  | { type: 'flow'; id: number; u: Float32Array; v: Float32Array }
  | { type: 'error'; id: number; error: ErrorInfo };

export function startOnnxFlowThread(init: FlowThreadInit): Promise<FlowEngine> {
  const worker = new Worker(entryPointUrl('flowOnnxThread'), { workerData: init });
  const pending = new Map<
    number,
    { resolve: (f: FlowField) => void; reject: (e: Error) => void; width: number; height: number }
  >();
  let nextId = 0;
  let dead: Error | null = null;
  const fail = (err: Error) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return new Promise((resolveReady, rejectReady) => {
    worker.on('error', (err) => {
      const e = new ActionlineError('INFERENCE_FAILED', `ONNX TV-L1 thread failed: ${err.message}`);
      fail(e);
      rejectReady(e);
    });
    worker.on('exit', (code) => {
      const e = new ActionlineError('INFERENCE_FAILED', `ONNX TV-L1 thread exited (code ${code})`);
      fail(e);
      rejectReady(e);
    });
    worker.on('message', (msg: FlowThreadReply) => {
      if (msg.type === 'ready') {
        resolveReady({
          kind: 'onnx',
          provider: msg.provider,
          fallbackNotes: msg.fallbackNotes,
          parallelism: 1,
          flow,
          close: async () => {
            await worker.terminate();
          },
        });
        return;
      }
      if (msg.type === 'error' && msg.id < 0) {
        const e = new ActionlineError(msg.error.code, msg.error.message, msg.error.file);
        rejectReady(e);
        void worker.terminate();
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.type === 'flow') p.resolve({ width: p.width, height: p.height, u: msg.u, v: msg.v });
      else p.reject(new ActionlineError(msg.error.code, msg.error.message, msg.error.file));
    });
  });

  function flow(I0: FloatImage, I1: FloatImage): Promise<FlowField> {
    if (dead) return Promise.reject(dead);
    const id = nextId++;
    const req: FlowThreadRequest = {
      id,
      width: I0.width,
      height: I0.height,
      I0: I0.data.slice(),
      I1: I1.data.slice(),
    };
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, width: I0.width, height: I0.height });
      worker.postMessage(req, [req.I0.buffer as ArrayBuffer, req.I1.buffer as ArrayBuffer]);
    });
  }
}
