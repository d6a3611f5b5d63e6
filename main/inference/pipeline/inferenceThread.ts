import { parentPort, workerData } from 'node:worker_threads';
import { toErrorInfo } from '../../errors.ts';
import { loadModel } from '../manifest.ts';
import { createModelSession } from '../session.ts';
import type {
  FromInferenceThread,
  InferenceThreadInit,
  ToInferenceThread,
} from './threadProtocol.ts';

// The thread that owns one ORT session. Runs are queued by the port and executed one at a
// time; the decoding thread keeps producing batches meanwhile.
const port = parentPort!;
const init = workerData as InferenceThreadInit;
const send = (msg: FromInferenceThread, transfer: ArrayBuffer[] = []) =>
  port.postMessage(msg, transfer);

try {
  const model = await loadModel(init.modelRef);
  const session = await createModelSession(model, {
    device: init.device,
    intraOpThreads: init.intraOpThreads,
  });
  // One run at a time, in arrival order (ORT would serialise them on this thread anyway).
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (msg: ToInferenceThread) => {
    queue = queue.then(async () => {
      if (msg.type === 'close') {
        await session.release();
        port.close();
        return;
      }
      try {
        // Copy: ORT may own the output's memory, and a copy of [N, classes] is cheap.
        const output = new Float32Array(await session.run(msg.input, msg.dims));
        // The input goes back too: the caller refills it, and no batch-sized buffer is left
        // here as garbage (this thread's heap is tiny, so its GC runs rarely).
        send({ type: 'result', id: msg.id, output, input: msg.input }, [
          output.buffer,
          msg.input.buffer as ArrayBuffer,
        ]);
      } catch (err) {
        send({ type: 'runFailed', id: msg.id, error: toErrorInfo(err) });
      }
    });
  });
  send({
    type: 'ready',
    provider: session.provider,
    fallbackNotes: [...session.fallbackNotes],
    classCount: session.classCount,
  });
} catch (err) {
  send({ type: 'initFailed', error: toErrorInfo(err) });
}
