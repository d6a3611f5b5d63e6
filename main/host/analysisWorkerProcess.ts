import type { RpcClient } from '../../shared/rpc/rpcClient.ts';
import type { ErrorCode } from '../../shared/result.ts';
import { entryPointPath } from '../base/entryPoints.ts';
import { nodeRpcClient } from '../rpc/nodeRpc.ts';
import type { ToClient, ToServer } from '../../shared/rpc/rpcMessages.ts';
import { forkLauncher, type ProcessLauncher } from '../rpc/processLauncher.ts';
import { appendWorkerLog, MAX_TEXT_CHARS, type WorkerLogEntry } from '../base/workerLog.ts';
import { WORKER_NICENESS_ENV, type AnalysisWorkerMethods, type ScoreJob } from './protocol.ts';
import { keepStderrTail } from './stderrTail.ts';

/**
 * One analysis worker process (workerEntry.ts; forked, or a utilityProcess in the desktop
 * app: rpc/processLauncher.ts) and its RPC client, for forkedHost.ts. When it
 * ends without being asked to, the crash goes to the worker log (main/base/workerLog.ts) with
 * the job it was running and the end of its stderr, before `ended` resolves.
 */
export interface AnalysisWorkerProcess {
  readonly pid: number | undefined;
  readonly rpc: RpcClient<AnalysisWorkerMethods>;
  /** The jobs it is running (a decoding one, and the one before it finishing), named in the log if it crashes. */
  readonly jobs: Set<ScoreJob>;
  /** Resolves once the process is gone and a crash, if it was one, is in the log. */
  readonly ended: Promise<void>;
  /** A kill this side wants (close, a cancel that took too long): not logged as a crash. */
  kill(signal: NodeJS.Signals): void;
}

/** How long a crash waits for the rest of the worker's stderr (its stack trace). */
const STDERR_DRAIN_MS = 500;

/** Job failures that point at the worker or the model rather than at the user's input. */
const LOGGED_JOB_ERRORS: readonly ErrorCode[] = ['INFERENCE_FAILED', 'INTERNAL'];

const jobsOf = (jobs: Iterable<ScoreJob>): WorkerLogEntry['jobs'] =>
  [...jobs].map((job) => ({
    videoPath: job.videoPath,
    modelRef: job.twoStream ? `${job.modelRef} + ${job.twoStream.flowModelRef}` : job.modelRef,
  }));

export function startAnalysisWorker(
  launch: ProcessLauncher = forkLauncher,
  niceness?: number,
): AnalysisWorkerProcess {
  const env =
    niceness === undefined
      ? undefined
      : { ...process.env, [WORKER_NICENESS_ENV]: String(niceness) };
  const child = launch<ToServer, ToClient>(
    entryPointPath('analysisWorker'),
    (why) => ({
      code: 'WORKER_CRASHED',
      message:
        'error' in why
          ? `the analysis worker cannot be reached (${why.error.message}); the job was not finished`
          : `the analysis worker stopped unexpectedly (${
              why.signal ? `signal ${why.signal}` : `exit code ${why.exitCode}`
            }); the job was not finished`,
    }),
    env,
  );
  const stderr = child.stderr
    ? keepStderrTail(child.stderr, process.stderr, MAX_TEXT_CHARS)
    : { drained: async () => {}, text: () => '' };
  const rpc = nodeRpcClient<AnalysisWorkerMethods>(child.transport);
  let asked = false;
  const worker: AnalysisWorkerProcess = {
    get pid() {
      return child.pid;
    },
    rpc,
    jobs: new Set(),
    ended: rpc.closed.then(async (why) => {
      if (asked) return;
      const jobs = jobsOf(worker.jobs);
      await stderr.drained(STDERR_DRAIN_MS);
      const tail = stderr.text().trim();
      appendWorkerLog({
        atIso: new Date().toISOString(),
        kind: 'crash',
        code: why.code,
        message: why.message,
        ...(child.pid === undefined ? {} : { pid: child.pid }),
        jobs,
        ...(tail ? { stderrTail: tail } : {}),
      });
    }),
    kill(signal) {
      asked = true;
      child.kill(signal);
    },
  };
  return worker;
}

/** A job's failure inside the worker, in the worker log when it is the worker's or the model's. */
export function logJobFailure(
  worker: AnalysisWorkerProcess,
  job: ScoreJob,
  error: { code: ErrorCode; message: string },
): void {
  if (!LOGGED_JOB_ERRORS.includes(error.code)) return;
  appendWorkerLog({
    atIso: new Date().toISOString(),
    kind: 'error',
    code: error.code,
    message: error.message,
    ...(worker.pid === undefined ? {} : { pid: worker.pid }),
    jobs: jobsOf([job]),
  });
}
