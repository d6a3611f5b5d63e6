import { parentPort } from 'node:worker_threads';
import { ActionlineError } from '../base/errors.ts';
import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentPortTransport } from '../rpc/threadTransports.ts';
import { loadModel } from '../inference/manifest.ts';
import { createModelSession, type ModelSession } from '../inference/session.ts';
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
    async run({ input, dims, features: withFeatures }, ctx) {
      const open = opened();
      const result = withFeatures
        ? await open.runWithFeatures(input, dims)
        : { output: await open.run(input, dims) };
      // Copy: ORT may own the outputs' memory, and copies of [N, classes] and [N, features]
      // are cheap. All go back by transfer, the input too: the caller refills it, and no
      // batch-sized buffer is left here as garbage (this thread's heap is tiny, so its GC
      // runs rarely).
      const output = new Float32Array(result.output);
      const features = result.features && new Float32Array(result.features);
      ctx.transfer(
        output.buffer,
        input.buffer as ArrayBuffer,
        ...(features ? [features.buffer] : []),
      );
      return features ? { output, features, input } : { output, input };
    },
    async close() {
      await session?.release();
      session = undefined;
      return null;
    },
  },
  { oneAtATime: true },
);
