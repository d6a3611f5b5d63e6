import { parentPort, workerData } from 'node:worker_threads';
import type { ErrorInfo } from '../../shared/result.ts';
import { toErrorInfo } from '../base/errors.ts';
import { trainHead } from './trainHead.ts';
import type { HeadOptions, TrainedHead, TrainingSet } from './types.ts';

/**
 * The thread a head trains on (trainOffThread.ts): one training per thread, its set handed
 * over (transferred, not copied) in workerData, the head posted back. Training takes seconds
 * to tens of seconds of one core; the app's and CLI's event loops stay free meanwhile.
 */
export interface TrainThreadData {
  set: TrainingSet;
  options: HeadOptions;
}

export type TrainThreadReply = { head: TrainedHead } | { error: ErrorInfo };

if (parentPort) {
  const { set, options } = workerData as TrainThreadData;
  let reply: TrainThreadReply;
  try {
    reply = { head: trainHead(set, options) };
  } catch (err) {
    reply = { error: toErrorInfo(err) };
  }
  parentPort.postMessage(reply);
}
