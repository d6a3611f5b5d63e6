import { parentPort } from 'node:worker_threads';
import type { Tvl1Params } from '../../models/flow/tvl1Params.ts';
import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentPortTransport } from '../rpc/threadTransports.ts';
import { tvl1Flow } from './tvl1.ts';

/** A worker thread of flowPool.ts: computes one TV-L1 flow per request (typed arrays). */
export type FlowWorkerMethods = {
  flow: {
    request: {
      width: number;
      height: number;
      I0: Float32Array;
      I1: Float32Array;
      params: Partial<Tvl1Params>;
    };
    response: { u: Float32Array; v: Float32Array };
  };
};

if (parentPort) {
  serveNodeRpc<FlowWorkerMethods>(parentPortTransport(parentPort), {
    flow(req, ctx) {
      const flow = tvl1Flow(
        { width: req.width, height: req.height, data: req.I0 },
        { width: req.width, height: req.height, data: req.I1 },
        req.params,
      );
      ctx.transfer(flow.u.buffer as ArrayBuffer, flow.v.buffer as ArrayBuffer);
      return { u: flow.u, v: flow.v };
    },
  });
}
