import os from 'node:os';
import type { HandlerContext } from '../../shared/rpc/rpcServer.ts';
import { serveNodeRpc } from '../rpc/nodeRpc.ts';
import { parentTransport } from '../rpc/parentTransport.ts';
import { loadModel, type LoadedModel } from '../inference/manifest.ts';
import { createFlowEngine, DEFAULT_FLOW_OPTIONS, type FlowEngine } from '../pipeline/flowStage.ts';
import { checkTwoStreamModels, fuseTwoStreamResults } from '../pipeline/flowTwoStream.ts';
import type { InferenceRunner } from '../pipeline/inferenceRunner.ts';
import { scoreVideo, type ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import { startInferenceThread } from '../pipeline/threadRunner.ts';
import {
  WORKER_NICENESS_ENV,
  type AnalysisWorkerMethods,
  type ModelInUse,
  type ScoreJob,
  type ScoreProgress,
} from './protocol.ts';

// The analysis worker process: decodes on this thread, infers on a thread per model, and
// keeps models loaded between jobs. The host sends a job's successor once the job reports
// 'decoded' (forkedHost.ts): the next video decodes while this one's last batches infer, on
// the same inference thread, whose batches run in the order they come.

/** A job's request context: its signal (a cancel aborts it), its progress and model reports. */
type JobContext = HandlerContext<{ progress: ScoreProgress; model: ModelInUse; decoded: null }>;

interface LoadedRunner {
  model: LoadedModel;
  /** Still starting on a model's first job: decoding begins meanwhile. */
  runner: Promise<InferenceRunner>;
}

const runners = new Map<string, Promise<LoadedRunner>>();
/** TV-L1 engines (worker pools, ONNX threads) kept between jobs, by their options. */
const flowEngines = new Map<string, Promise<FlowEngine>>();

function flowEngineFor(job: ScoreJob): Promise<FlowEngine> {
  const opts = { ...DEFAULT_FLOW_OPTIONS, ...job.flow, device: job.device };
  const key = JSON.stringify(opts);
  let engine = flowEngines.get(key);
  if (!engine) {
    engine = createFlowEngine(opts);
    engine.catch(() => flowEngines.delete(key));
    flowEngines.set(key, engine);
  }
  return engine;
}

function runnerFor(
  job: Pick<ScoreJob, 'modelRef' | 'device' | 'intraOpThreads'>,
): Promise<LoadedRunner> {
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

async function scoreOne(job: ScoreJob, ctx: JobContext): Promise<ScoreVideoResult> {
  const { model, runner } = await runnerFor(job);
  // Registered before scoreVideo waits on the runner, so 'model' precedes any progress.
  runner.then(
    (r) => ctx.progress('model', { provider: r.provider, fallbackNotes: [...r.fallbackNotes] }),
    () => {}, // scoreVideo reports the failure
  );
  const isFlow = model.manifest.modality === 'flow';
  return scoreVideo(job, model, runner, {
    signal: ctx.signal,
    onProgress: (doneSnippets, totalSnippets) =>
      ctx.progress('progress', { doneSnippets, totalSnippets }),
    onDecoded: () => ctx.progress('decoded', null),
    ...(isFlow ? { flowEngine: flowEngineFor(job) } : {}),
  });
}

/**
 * RGB and flow at once: the RGB stream (cheap) decodes and infers while the flow stream's
 * fields are computed. Progress counts a flow snippet as FLOW_PROGRESS_WEIGHT RGB snippets
 * (TV-L1 dominates the cost), reported as snippets of the one plan.
 */
const FLOW_PROGRESS_WEIGHT = 10;

async function scoreTwoStream(
  job: ScoreJob,
  two: NonNullable<ScoreJob['twoStream']>,
  ctx: JobContext,
): Promise<ScoreVideoResult> {
  const { signal } = ctx;
  const rgb = await runnerFor(job);
  const flow = await runnerFor({ ...job, modelRef: two.flowModelRef });
  checkTwoStreamModels(rgb.model, flow.model);
  const engine = flowEngineFor(job);
  let modelSent = false;
  Promise.all([rgb.runner, flow.runner, engine]).then(
    ([r, f, e]) => {
      const provider =
        r.provider === f.provider ? r.provider : `${r.provider} (RGB), ${f.provider} (flow)`;
      const notes = [
        ...r.fallbackNotes,
        ...f.fallbackNotes.map((n) => `flow model: ${n}`),
        ...e.fallbackNotes.map((n) => `TV-L1: ${n}`),
      ];
      ctx.progress('model', { provider, fallbackNotes: notes });
      modelSent = true;
    },
    () => {}, // scoreVideo reports the failure
  );
  const done = { rgb: 0, flow: 0 };
  let total = 0;
  const progress = (stream: 'rgb' | 'flow') => (d: number, t: number) => {
    done[stream] = d;
    total = t;
    if (!modelSent) return;
    const fraction =
      (done.rgb + FLOW_PROGRESS_WEIGHT * done.flow) / ((1 + FLOW_PROGRESS_WEIGHT) * t);
    ctx.progress('progress', { doneSnippets: Math.floor(fraction * total), totalSnippets: total });
  };
  // A failing stream cancels the other rather than leaving it running for nothing.
  const inner = new AbortController();
  const abort = () => inner.abort();
  signal.addEventListener('abort', abort, { once: true });
  const failFast = <T>(p: Promise<T>) =>
    p.catch((err: unknown) => (inner.abort(), Promise.reject(err)));
  // Decoded once both streams are (the flow stream, computing its fields, ends last).
  let streamsDecoding = 2;
  const onDecoded = () => {
    if (--streamsDecoding === 0) ctx.progress('decoded', null);
  };
  try {
    const [rgbResult, flowResult] = await Promise.all([
      failFast(
        // Exact frames: the flow stacks are placed around the RGB plan's own frames.
        // No features: the fused scores belong to no one backbone for a head to train on.
        scoreVideo({ ...job, exactFrames: true }, rgb.model, rgb.runner, {
          signal: inner.signal,
          onProgress: progress('rgb'),
          onDecoded,
          features: false,
        }),
      ),
      failFast(
        scoreVideo({ ...job, alignToRgb: true }, flow.model, flow.runner, {
          signal: inner.signal,
          onProgress: progress('flow'),
          onDecoded,
          flowEngine: engine,
        }),
      ),
    ]);
    return fuseTwoStreamResults(
      { model: rgb.model, result: rgbResult },
      { model: flow.model, result: flowResult },
      two.weights,
    );
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

// Started by the app below normal priority: decoding and inference then yield the cores to
// the UI. Before any thread or ffmpeg starts, so all of them inherit it.
const niceness = Number(process.env[WORKER_NICENESS_ENV]);
if (process.env[WORKER_NICENESS_ENV] && Number.isInteger(niceness)) {
  try {
    os.setPriority(0, niceness);
  } catch {
    // Not permitted here: run at the priority we have.
  }
}

const server = serveNodeRpc<AnalysisWorkerMethods>(
  parentTransport(),
  {
    score: (job, ctx) =>
      job.twoStream ? scoreTwoStream(job, job.twoStream, ctx) : scoreOne(job, ctx),
  },
  {
    // The parent going away (crash, kill) must not leave this process decoding for nobody.
    onGone: () => process.exit(0),
  },
);

process.on('SIGTERM', () => {
  server.close(); // aborts the running job: its ffmpeg processes are killed
  process.exit(0);
});
