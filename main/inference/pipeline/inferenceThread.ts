import { parentPort } from 'node:worker_threads';
import { ActionlineError } from '../../errors.ts';
import { serveNodeRpc } from '../../rpc/nodeRpc.ts';
import { parentPortTransport } from '../../rpc/threadTransports.ts';
import { loadModel } from '../manifest.ts';
import { createModelSession, type ModelSession } from '../session.ts';
import type { InferenceThreadMethods } from './threadProtocol.ts';

// The thread that owns one ORT session. Runs are queued by the RPC and executed one at a
// time, in arrival order (ORT would serialise them on this thread anyway); the decoding
// thread keeps producing batches meanwhile.
let session: ModelSession | undefined;

const opened = (): ModelSession => {
  if (!session) throw new ActionlineError('INTERNAL', 'the inference thread has no session yet');
  return session;
};

serveNodeRpc<InferenceThreadMethods>(
  parentPortTransport(parentPort!),
  {
    async open(init) {
      const model = await loadModel(init.modelRef);
      session = await createModelSession(model, {
        device: init.device,
        intraOpThreads: init.intraOpThreads,
      });
      return {
        provider: session.provider,
        fallbackNotes: [...session.fallbackNotes],
        classCount: session.classCount,
      };
    },
    async run({ input, dims }, ctx) {
      // Copy: ORT may own the output's memory, and a copy of [N, classes] is cheap.
      const output = new Float32Array(await opened().run(input, dims));
      // The input goes back too: the caller refills it, and no batch-sized buffer is left
      // here as garbage (this thread's heap is tiny, so its GC runs rarely).
      ctx.transfer(output.buffer, input.buffer as ArrayBuffer);
      return { output, input };
    },
    async close() {
      await session?.release();
      session = undefined;
      return null;
    },
  },
  { oneAtATime: true },
);
