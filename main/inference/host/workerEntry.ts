import { toErrorInfo } from '../../errors.ts';
import { loadModel, type LoadedModel } from '../manifest.ts';
import type { InferenceRunner } from '../pipeline/inferenceRunner.ts';
import { scoreVideo } from '../pipeline/scoreVideo.ts';
import { startInferenceThread } from '../pipeline/threadRunner.ts';
import type { FromWorker, ScoreJob, ToWorker } from './protocol.ts';

// The analysis worker process: decodes on this thread, infers on a thread per model, and
// keeps models loaded between jobs. Jobs run one at a time (each already uses every core).

interface LoadedRunner {
  model: LoadedModel;
  /** Still starting on a model's first job: decoding begins meanwhile. */
  runner: Promise<InferenceRunner>;
}

const runners = new Map<string, Promise<LoadedRunner>>();
const controllers = new Map<number, AbortController>();
let queue: Promise<void> = Promise.resolve();

const send = (msg: FromWorker) => process.send?.(msg);

function runnerFor(job: ScoreJob): Promise<LoadedRunner> {
  const key = JSON.stringify([job.modelRef, job.device, job.intraOpThreads]);
  let entry = runners.get(key);
  if (!entry) {
    // A model that failed to load may load after the user fixes it: do not cache failure.
    const forget = () => runners.delete(key);
    entry = (async () => {
      const model = await loadModel(job.modelRef);
      const runner = startInferenceThread({
        modelRef: job.modelRef,
        device: job.device,
        intraOpThreads: job.intraOpThreads,
      });
      runner.catch(forget);
      return { model, runner };
    })();
    entry.catch(forget);
    runners.set(key, entry);
  }
  return entry;
}

async function runJob(jobId: number, job: ScoreJob, controller: AbortController): Promise<void> {
  try {
    const { model, runner } = await runnerFor(job);
    // Registered before scoreVideo waits on the runner, so 'model' precedes any progress.
    runner.then(
      (r) =>
        send({ type: 'model', jobId, provider: r.provider, fallbackNotes: [...r.fallbackNotes] }),
      () => {}, // scoreVideo reports the failure
    );
    const result = await scoreVideo(job, model, runner, {
      signal: controller.signal,
      onProgress: (doneSnippets, totalSnippets) =>
        send({ type: 'progress', jobId, doneSnippets, totalSnippets }),
    });
    send({ type: 'result', jobId, result });
  } catch (err) {
    send({ type: 'error', jobId, error: toErrorInfo(err) });
  } finally {
    controllers.delete(jobId);
  }
}

process.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') {
    controllers.get(msg.jobId)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(msg.jobId, controller);
  queue = queue.then(async () => {
    if (controller.signal.aborted) {
      send({ type: 'error', jobId: msg.jobId, error: { code: 'CANCELLED', message: 'cancelled' } });
      controllers.delete(msg.jobId);
      return;
    }
    await runJob(msg.jobId, msg.job, controller);
  });
});

// The parent going away (crash, kill) must not leave this process decoding for nobody.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  for (const c of controllers.values()) c.abort();
  process.exit(0);
});
