import os from 'node:os';
import path from 'node:path';
import { ActionlineError } from '../../base/errors.ts';
import {
  classificationResults,
  detectionResults,
  suggestionResults,
  writeResultsFile,
} from '../../formats/activitynetResults.ts';
import { assertUniqueVideoIds, videoIdFromPath } from '../../formats/videoId.ts';
import type { Device } from '../../inference/executionProviders.ts';
import type { ForkedAnalysisHost } from '../../host/forkedHost.ts';
import { loadModel, type LoadedModel } from '../../inference/manifest.ts';
import type { FlowEngineKind } from '../../pipeline/flowStage.ts';
import { collectVideoInputs } from '../../video/videoFiles.ts';
import { PartsStore } from '../../runs/partsStore.ts';
import { runBatch, type BatchOutcome } from '../../runs/runBatch.ts';
import { runSettings, type RunSettings } from '../../runs/runSettings.ts';
import { formatFusion, parseFusion, streamJobFields } from '../../runs/streamJob.ts';
import type { DerivedVideoResults } from '../../runs/videoStep.ts';
import { EXIT_FAILED } from '../support/exitCodes.ts';
import { samplingFromCli, type SamplingCliOptions } from '../support/samplingOptions.ts';
import { BatchEta, fileBytes } from '../support/batchEta.ts';
import { ProgressBar } from '../support/progressBar.ts';

/** What commander parses for `actionline prelabel` (prelabel.ts), which loads this file when it runs. */
export interface PrelabelCliOptions extends SamplingCliOptions {
  model: string;
  /** A flow model to fuse with `model` (RGB): a two-stream run. */
  flowModel?: string;
  /** RGB:flow weights of the logits, e.g. "1:1.5" (default 1:1). */
  fusion?: string;
  flowEngine: FlowEngineKind;
  out: string;
  device: Device;
  batch: number;
  threads: number;
  resume: boolean;
  refineEdges: boolean;
  imageFps?: number;
}

/** `actionline prelabel` once its options are parsed (prelabel.ts): the checks, the batch, the results file. */
export async function prelabelWith(
  host: ForkedAnalysisHost,
  inputs: string[],
  opts: PrelabelCliOptions,
): Promise<number> {
  const sampling = samplingFromCli(opts);
  if (opts.fusion !== undefined && opts.flowModel === undefined) {
    throw new ActionlineError('BAD_ARGUMENT', '--fusion needs --flow-model');
  }
  const model = await loadModel(opts.model);
  const flowModel = opts.flowModel === undefined ? null : await loadModel(opts.flowModel);
  const streams = streamJobFields(model, flowModel, {
    ...(opts.fusion === undefined ? {} : { weights: parseFusion(opts.fusion) }),
    flow: { engine: opts.flowEngine ?? 'cpu' },
  });
  const files = await collectVideoInputs(inputs);
  if (files.length === 0)
    throw new ActionlineError('BAD_ARGUMENT', 'no video files found in the given folders');
  assertUniqueVideoIds(files);
  const settings = runSettings(model.manifestPath, streams, {
    task: opts.task,
    plan: sampling.plan,
    window: sampling.window,
    exactFrames: sampling.exactFrames,
    device: opts.device,
    threads: opts.threads,
    batchSnippets: opts.batch,
    refineEdges: opts.refineEdges,
  });
  const out = path.resolve(opts.out);
  const parts = new PartsStore<DerivedVideoResults>(out);
  if (!opts.resume) await parts.clear();
  const videos = files.map((f) => ({ videoId: videoIdFromPath(f), path: f }));
  const name = streams.twoStream
    ? `${model.manifest.id} + ${flowModel!.manifest.id} (fusion ${formatFusion(streams.twoStream.weights)})`
    : model.manifest.id;
  const outcome = await runWithProgress(videos, model, settings, host, parts, name);

  const ids = videos.map((v) => v.videoId).filter((id) => outcome.results.has(id));
  const file = resultsFile(opts.task, ids, outcome.results);
  await writeResultsFile(out, file);
  console.error(
    `wrote ${out}: ${ids.length} of ${videos.length} videos` +
      (outcome.failures.length > 0 ? `, ${outcome.failures.length} failed` : ''),
  );
  if (outcome.failures.length > 0) return EXIT_FAILED;
  await parts.clear();
  return 0;
}

/**
 * The file a task writes: ranked detections, video labels, or the suggested labelling (one
 * entry per suggestion, in the detection format ActivityNet results use, marked so that
 * `import` makes suggestions of it).
 */
function resultsFile(
  task: PrelabelCliOptions['task'],
  ids: readonly string[],
  results: ReadonlyMap<string, DerivedVideoResults>,
) {
  const of = (id: string) => results.get(id)!;
  if (task === 'classification') return classificationResults(ids.map((id) => [id, of(id).labels]));
  if (task === 'labelling')
    return suggestionResults(ids.map((id) => [id, of(id).suggestions ?? []]));
  return detectionResults(ids.map((id) => [id, of(id).segments]));
}

async function runWithProgress(
  videos: { videoId: string; path: string }[],
  model: LoadedModel,
  settings: RunSettings,
  host: ForkedAnalysisHost,
  parts: PartsStore<DerivedVideoResults>,
  modelName: string,
): Promise<BatchOutcome> {
  const bar = new ProgressBar();
  const eta = new BatchEta(videos.map((v) => fileBytes(v.path)));
  const controller = new AbortController();
  // Two videos report at once where one decodes while the other finishes: the bar shows the later.
  let shownIndex = 0;
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runBatch(videos, model, settings, host, parts, {
      signal: controller.signal,
      onEvent: (e) => {
        const n = videos.length;
        switch (e.type) {
          case 'model':
            bar.log(
              `model ${modelName} on ${e.model.provider} (${os.availableParallelism()} cores)`,
            );
            for (const note of e.model.fallbackNotes) bar.log(`note: ${note}`);
            return;
          case 'videoStart':
          case 'videoProgress': {
            const f = e.type === 'videoProgress' ? e.fraction : 0;
            // A video starts (is queued) while the one before runs; it shows once it reports.
            if (e.type === 'videoStart' ? e.index !== shownIndex : e.index < shownIndex) return;
            shownIndex = e.index;
            bar.update({
              fraction: eta.fraction(e.index, f),
              label: `${e.index + 1}/${n} ${path.basename(e.video.path)}`,
            });
            return;
          }
          case 'videoDone': {
            if (e.resumed) eta.skipped(e.index);
            bar.log(
              `done ${e.video.videoId}: ${e.results.segments.length} ranked segments, ` +
                `${(e.results.suggestions ?? []).length} suggestions` +
                (e.resumed ? ' (from the interrupted run)' : '') +
                (e.index + 1 < n
                  ? ` · ${e.index + 1}/${n}, ETA ${eta.remaining(e.index + 1)}`
                  : ''),
            );
            // One line for what the results miss, one for how the file was read.
            const notes = e.results.notes ?? [];
            const line = (kind: string) =>
              notes
                .filter((n) => n.kind === kind)
                .map((n) => n.text)
                .join('; ');
            if (line('partial')) bar.log(`partial: ${e.video.path}: ${line('partial')}`);
            if (line('info')) bar.log(`note: ${e.video.path}: ${line('info')}`);
            return;
          }
          case 'videoFailed':
            bar.log(
              `failed: ${e.error.message.includes(e.video.path) ? e.error.message : `${e.video.path}: ${e.error.message}`}`,
            );
            return;
        }
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    bar.done();
  }
}
