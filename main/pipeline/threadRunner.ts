import { Worker } from 'node:worker_threads';
import { entryPointUrl } from '../base/entryPoints.ts';
import { nodeRpcClient } from '../rpc/nodeRpc.ts';
import { workerTransport } from '../rpc/threadTransports.ts';
import type { InferenceRunner } from './inferenceRunner.ts';
import type { InferenceThreadInit, InferenceThreadMethods } from './threadProtocol.ts';

/** Starts an inference thread for one model and resolves once its session is ready. */
export async function startInferenceThread(init: InferenceThreadInit): Promise<InferenceRunner> {
  const worker = new Worker(entryPointUrl('inferenceThread'));
  const rpc = nodeRpcClient<InferenceThreadMethods>(
    workerTransport(worker, (why) => ({
      code: 'INFERENCE_FAILED',
      message:
        'error' in why
          ? `inference thread failed: ${why.error.message}`
          : `inference thread exited (code ${why.exitCode})`,
    })),
    { code: 'INFERENCE_FAILED', message: 'the inference thread is closed' },
  );
  let ready;
  try {
    ready = await rpc.call('open', init);
  } catch (err) {
    rpc.close();
    throw err;
  }
  return {
    ...ready,
    run: (input, dims, opts) =>
      rpc.call(
        'run',
        { input, dims: [...dims], features: opts?.features ?? false },
        { transfer: [input.buffer as ArrayBuffer] },
      ),
    async close() {
      await rpc.request('close', null);
      rpc.close();
      await worker.terminate();
    },
  };
}
