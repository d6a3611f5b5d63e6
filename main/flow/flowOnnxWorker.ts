import { parentPort } from 'node:worker_threads';
import { ActionlineError } from '../base/errors.ts';
import { createOnnxFlowEngine, type OnnxFlowEngine } from './onnxTvl1.ts';
import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentPortTransport } from '../rpc/threadTransports.ts';
import type { FlowThreadMethods } from './flowOnnxThread.ts';

// The thread of flowOnnxThread.ts: one ONNX TV-L1 engine (models/flow/tvl1Graph.ts) whose
// session.run blocks this thread, not the decoder's. Fields are solved one at a time.
let engine: OnnxFlowEngine | undefined;

serveNodeRpc<FlowThreadMethods>(
  parentPortTransport(parentPort!),
  {
    async open(init) {
      engine = await createOnnxFlowEngine({ device: init.device, params: init.params });
      return { provider: engine.provider, fallbackNotes: [...engine.fallbackNotes] };
    },
    async flow({ width, height, I0, I1 }, ctx) {
      if (!engine) throw new ActionlineError('INTERNAL', 'the TV-L1 thread has no engine yet');
      const flow = await engine.flow({ width, height, data: I0 }, { width, height, data: I1 });
      ctx.transfer(flow.u.buffer as ArrayBuffer, flow.v.buffer as ArrayBuffer);
      return { u: flow.u, v: flow.v };
    },
  },
  { oneAtATime: true },
);
