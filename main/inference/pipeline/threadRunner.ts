import { Worker } from 'node:worker_threads';
import { ActionlineError } from '../../errors.ts';
import { entryPointUrl } from '../../entryPoints.ts';
import type { ErrorInfo } from '../../../shared/result.ts';
import type { InferenceRunner, RunResult } from './inferenceRunner.ts';
import type { FromInferenceThread, InferenceThreadInit } from './threadProtocol.ts';

interface Pending {
  resolve: (result: RunResult) => void;
  reject: (err: Error) => void;
}

const fromInfo = (e: ErrorInfo) => new ActionlineError(e.code, e.message, e.file);

/** Starts an inference thread for one model and resolves once its session is ready. */
export function startInferenceThread(init: InferenceThreadInit): Promise<InferenceRunner> {
  const worker = new Worker(entryPointUrl('inferenceThread'), { workerData: init });
  const pending = new Map<number, Pending>();
  let nextId = 0;
  let deadError: Error | null = null;

  const failAll = (err: Error) => {
    deadError = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  return new Promise((resolveReady, rejectReady) => {
    worker.on('error', (err) => {
      const wrapped = new ActionlineError(
        'INFERENCE_FAILED',
        `inference thread failed: ${err.message}`,
      );
      failAll(wrapped);
      rejectReady(wrapped);
    });
    worker.on('exit', (code) => {
      const err = new ActionlineError('INFERENCE_FAILED', `inference thread exited (code ${code})`);
      failAll(err);
      rejectReady(err);
    });
    worker.on('message', (msg: FromInferenceThread) => {
      switch (msg.type) {
        case 'ready':
          resolveReady({
            provider: msg.provider,
            fallbackNotes: msg.fallbackNotes,
            classCount: msg.classCount,
            run(input, dims) {
              if (deadError) return Promise.reject(deadError);
              const id = nextId++;
              return new Promise<RunResult>((resolve, reject) => {
                pending.set(id, { resolve, reject });
                worker.postMessage({ type: 'run', id, input, dims: [...dims] }, [
                  input.buffer as ArrayBuffer,
                ]);
              });
            },
            async close() {
              worker.postMessage({ type: 'close' });
              await new Promise<void>((r) => worker.once('exit', () => r()));
            },
          });
          return;
        case 'initFailed':
          rejectReady(fromInfo(msg.error));
          void worker.terminate();
          return;
        case 'result':
          pending.get(msg.id)?.resolve({ output: msg.output, input: msg.input });
          pending.delete(msg.id);
          return;
        case 'runFailed':
          pending.get(msg.id)?.reject(fromInfo(msg.error));
          pending.delete(msg.id);
          return;
      }
    });
  });
}
