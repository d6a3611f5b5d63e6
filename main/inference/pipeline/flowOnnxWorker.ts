import { parentPort, workerData } from 'node:worker_threads';
import { createOnnxFlowEngine } from '../../flow/onnxTvl1.ts';
import { toErrorInfo } from '../../errors.ts';
import type { FlowThreadInit, FlowThreadReply, FlowThreadRequest } from './flowOnnxThread.ts';

// The thread of flowOnnxThread.ts: one ONNX TV-L1 engine (models/flow/tvl1Graph.ts) whose
// session.run blocks this thread, not the decoder's. Fields are solved one at a time.

const init = workerData as FlowThreadInit;
const port = parentPort!;

try {
  const engine = await createOnnxFlowEngine({ device: init.device, params: init.params });
  port.postMessage({
    type: 'ready',
    provider: engine.provider,
    fallbackNotes: [...engine.fallbackNotes],
  } satisfies FlowThreadReply);
  let queue = Promise.resolve();
  port.on('message', (req: FlowThreadRequest) => {
    queue = queue.then(async () => {
      try {
        const I0 = { width: req.width, height: req.height, data: req.I0 };
        const I1 = { width: req.width, height: req.height, data: req.I1 };
        const flow = await engine.flow(I0, I1);
        const reply: FlowThreadReply = { type: 'flow', id: req.id, u: flow.u, v: flow.v };
        port.postMessage(reply, [flow.u.buffer as ArrayBuffer, flow.v.buffer as ArrayBuffer]);
      } catch (err) {
        port.postMessage({
          type: 'error',
          id: req.id,
          error: toErrorInfo(err),
        } satisfies FlowThreadReply);
      }
    });
  });
} catch (err) {
  port.postMessage({ type: 'error', id: -1, error: toErrorInfo(err) } satisfies FlowThreadReply);
}
