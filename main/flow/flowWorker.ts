import { parentPort } from 'node:worker_threads';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import { tvl1Flow } from './tvl1.ts';

/** A worker thread of flowPool.ts: computes one TV-L1 flow per message (typed arrays). */
export interface FlowRequest {
  id: number;
  width: number;
  height: number;
  I0: Float32Array;
  I1: Float32Array;
  params: Partial<Tvl1Params>;
}

export type FlowReply =
  | { id: number; ok: true; u: Float32Array; v: Float32Array }
  | { id: number; ok: false; message: string };

parentPort?.on('message', (req: FlowRequest) => {
  try {
    const flow = tvl1Flow(
      { width: req.width, height: req.height, data: req.I0 },
      { width: req.width, height: req.height, data: req.I1 },
      req.params,
    );
    const reply: FlowReply = { id: req.id, ok: true, u: flow.u, v: flow.v };
    parentPort!.postMessage(reply, [flow.u.buffer as ArrayBuffer, flow.v.buffer as ArrayBuffer]);
  } catch (err) {
    const reply: FlowReply = { id: req.id, ok: false, message: (err as Error).message };
    parentPort!.postMessage(reply);
  }
});
