import { Worker } from 'node:worker_threads';
import { entryPointUrl } from '../base/entryPoints.ts';
import { ActionlineError } from '../base/errors.ts';
import type { TrainThreadData, TrainThreadReply } from './trainThread.ts';
import type { HeadOptions, TrainedHead, TrainingSet } from './types.ts';

/**
 * trainHead on a thread of its own (trainThread.ts), so that the app stays responsive and
 * the CLI answers Ctrl-C while a head trains. The set's feature buffers are transferred to
 * the thread, not copied (50 hours of float16 features are 370 MB): the caller must not use
 * the set afterwards. Aborting terminates the thread.
 */
export function trainOffThread(
  set: TrainingSet,
  options: HeadOptions,
  signal?: AbortSignal,
): Promise<TrainedHead> {
  if (signal?.aborted) return Promise.reject(new DOMException('training cancelled', 'AbortError'));
  const data: TrainThreadData = { set, options };
  const buffers = [...new Set(set.videos.map((v) => v.half.buffer as ArrayBuffer))];
  const worker = new Worker(entryPointUrl('headTrainThread'), {
    workerData: data,
    transferList: buffers,
  });
  return new Promise<TrainedHead>((resolve, reject) => {
    let settled = false;
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      f();
    };
    const onAbort = () => {
      settle(() => reject(new DOMException('training cancelled', 'AbortError')));
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.once('message', (reply: TrainThreadReply) =>
      settle(() =>
        'head' in reply
          ? resolve(reply.head)
          : reject(new ActionlineError(reply.error.code, reply.error.message, reply.error.file)),
      ),
    );
    worker.once('error', (err) => settle(() => reject(err)));
    worker.once('exit', (code) =>
      settle(() =>
        reject(new ActionlineError('INTERNAL', `the training thread exited with code ${code}`)),
      ),
    );
  });
}
