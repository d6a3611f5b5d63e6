import path from 'node:path';
import type { Handlers } from '../../shared/ipc/contract.ts';
import type { EditOutcome } from '../../shared/project/views.ts';
import { ActionlineError } from '../errors.ts';
import { evaluateAgreement } from '../eval/agreement.ts';
import { evaluateRun } from '../eval/projectEval.ts';
import { runSummaries } from '../eval/runSummaries.ts';
import { exportText } from '../formats/export/exportProject.ts';
import { writeTextAtomic } from '../formats/atomicWrite.ts';
import type { Device } from '../inference/executionProviders.ts';
import { installedModelIds, loadModel, type LoadedModel } from '../inference/manifest.ts';
import { findAnnotator } from '../project/annotators.ts';
import { historyState, redo, undo, type EditSummary } from '../project/editLog.ts';
import { rederiveRun } from '../project/rederive.ts';
import { readSnippetScores, listRuns } from '../project/runs.ts';
import * as edits from '../project/segmentEdits.ts';
import { confirmVideoLabel, removeVideoLabel, setReviewStatus } from '../project/videoEdits.ts';
import { addVideos } from './addVideos.ts';
import type { AnalysisRunner } from './analysisRunner.ts';
import type { AppSession } from './appSession.ts';
import { requireVideo } from '../project/videos.ts';
import { frameStartTimes } from './frameTimes.ts';
import { doctorReportText } from '../diagnostics/runDoctor.ts';
import { loadSettings, updateSettings } from '../settings/settings.ts';
import { checkModel } from '../../models/convert/check/modelCheck.ts';
import { addCaffeModel, addOnnxModel } from './addModel.ts';
import { getClassMapping, setClassMapping } from '../project/classMapping.ts';
import {
  createKinetics400LabelSet,
  createLabelSet,
  getActiveLabelSet,
  setActiveLabelSet,
} from '../project/labelSets.ts';
import { labelChoices } from './labelChoices.ts';
import { labelSetsView } from './labelSetsView.ts';
import { QueueLink } from './queueLink.ts';
import { settingsView } from './settingsView.ts';
import { videoDetail } from './videoDetail.ts';
import { videoSummaries } from './videoSummaries.ts';
import { appInfo } from '../server/appInfo.ts';
import { ProxyManager } from '../video/proxyManager.ts';
import { ShotCutFinder } from '../video/shotCuts.ts';

export interface HandlerContext {
  session: AppSession;
  analysis: AnalysisRunner;
  shell: 'web' | 'electron';
  /** Where the renderer loads a video's media from. */
  mediaUrlOf: (videoId: string) => string;
  device: Device;
  /** Inference threads for model runs started from the UI; 0 lets onnxruntime decide. */
  threads: number;
  onChanged: (videoId: string | null) => void;
  /** Proxies for videos the player cannot decode (default: in the user's cache folder). */
  proxies?: ProxyManager;
  /** Shot-cut detection with its cache (default: in the user's cache folder). */
  shotCuts?: ShotCutFinder;
  /** The link to a distributed queue (default: a new one, connecting on first use). */
  queue?: QueueLink;
}

/**
 * Every request of the contract, implemented over the session's project. Handlers throw
 * ActionlineError for the user's mistakes; the router turns throws into error envelopes.
 */
export function createHandlers(ctx: HandlerContext): Handlers {
  const { session } = ctx;
  const proxies = ctx.proxies ?? new ProxyManager();
  const shotCuts = ctx.shotCuts ?? new ShotCutFinder();
  const queue = ctx.queue ?? new QueueLink();
  const linkedPath = (videoId: string): string => {
    const file = requireVideo(db(), videoId).path;
    if (file === null) {
      throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}" has no linked media file`);
    }
    return file;
  };
  const db = () => session.project.db;
  const me = () => session.annotatorId;
  const outcome = (edit: EditSummary | null): EditOutcome | null => {
    if (!edit) return null;
    ctx.onChanged(edit.videoId);
    return { action: edit.action, videoId: edit.videoId, history: historyState(db(), me()) };
  };
  const edited = (result: { edit: EditSummary }): EditOutcome => outcome(result.edit)!;

  return {
    'app:info': () => appInfo(ctx.shell),
    'project:open': ({ file, create }) => session.open(path.resolve(file), create),
    'project:info': () => (session.hasProject ? session.info() : null),
    'project:setAnnotator': ({ name }) => session.setAnnotator(name),
    'project:saveCopy': ({ file }) => {
      session.project.saveCopy(path.resolve(file));
      return { file: path.resolve(file) };
    },
    'videos:list': () => videoSummaries(db(), me()),
    'videos:add': async ({ paths }) => {
      const result = await addVideos(db(), paths);
      ctx.onChanged(null);
      return { added: result.added.map((v) => v.id), failures: result.failures };
    },
    'video:get': ({ videoId }) => videoDetail(db(), videoId, me(), ctx.mediaUrlOf(videoId)),
    'video:frameTimes': async ({ videoId }) => {
      const file = requireVideo(db(), videoId).path;
      return { frameStartSec: file ? await frameStartTimes(file) : new Float64Array(0) };
    },
    'video:setReview': ({ videoId, status }) =>
      edited(setReviewStatus(db(), me(), videoId, status)),
    'video:confirmLabel': ({ videoId, label }) =>
      edited(confirmVideoLabel(db(), me(), videoId, label)),
    'video:removeLabel': ({ videoId, label }) =>
      edited(removeVideoLabel(db(), me(), videoId, label)),
    'video:prepareMedia': ({ videoId }) =>
      proxies.prepareMedia(videoId, linkedPath(videoId), ctx.mediaUrlOf(videoId)),
    'video:shotCuts': async ({ videoId }) => {
      const file = linkedPath(videoId);
      const { info } = await proxies.probe(file);
      return { timesSec: await shotCuts.cuts(file, info.videoStreamIndex) };
    },
    'scores:get': ({ videoId, runId, stream }) => {
      const run = listRuns(db()).find((r) => r.id === runId);
      if (!run) throw new ActionlineError('BAD_ARGUMENT', `no model run ${runId} in this project`);
      const name = stream ?? run.streams[0]?.stream;
      const scores = name === undefined ? null : readSnippetScores(db(), runId, name, videoId);
      if (!scores) {
        throw new ActionlineError('BAD_ARGUMENT', `run ${runId} stored no scores for "${videoId}"`);
      }
      return scores;
    },
    'segment:add': ({ videoId, ...segment }) =>
      edited(edits.addSegment(db(), me(), videoId, segment)),
    'segment:update': ({ segmentId, ...change }) =>
      edited(edits.updateSegment(db(), me(), segmentId, change)),
    'segment:split': ({ segmentId, atSec }) =>
      edited(edits.splitSegment(db(), me(), segmentId, atSec)),
    'segments:merge': ({ segmentIds, label }) =>
      edited(edits.mergeSegments(db(), me(), segmentIds, label)),
    'segments:accept': ({ segmentIds }) => edited(edits.acceptSegments(db(), me(), segmentIds)),
    'segments:reject': ({ segmentIds }) => edited(edits.rejectSegments(db(), me(), segmentIds)),
    'segments:delete': ({ segmentIds }) => edited(edits.deleteSegments(db(), me(), segmentIds)),
    'segments:acceptAbove': ({ videoId, minScore }) =>
      edited(edits.bulkAccept(db(), me(), videoId, minScore)),
    'history:undo': () => outcome(undo(db(), me())),
    'history:redo': () => outcome(redo(db(), me())),
    'labels:list': () => labelChoices(db()),
    // A broken model folder must not hide the others: it is left out of the list (running
    // it by id still reports what is wrong with it).
    'models:list': async () =>
      (await Promise.allSettled(installedModelIds().map((id) => loadModel(id))))
        .filter((r): r is PromiseFulfilledResult<LoadedModel> => r.status === 'fulfilled')
        .map((r) => modelInfo(r.value)),
    'analysis:start': ({ videoIds, model, intervalSec, flowModel, fusion }) =>
      ctx.analysis.start(db(), {
        videoIds,
        model,
        intervalSec,
        ...(flowModel !== undefined && { flowModel }),
        ...(fusion !== undefined && { fusion }),
        device: ctx.device,
        threads: ctx.threads,
      }),
    'analysis:cancel': () => ({ cancelled: ctx.analysis.cancel() }),
    'run:rederive': ({ runId, sigmaSnippets, nmsTiou, maxSegmentsPerVideo, window }) => {
      const counts = rederiveRun(db(), runId, {
        ...(window !== undefined && { window }),
        detection: {
          ...(nmsTiou !== undefined && { nmsTiou }),
          ...(maxSegmentsPerVideo !== undefined && { maxSegmentsPerVideo }),
          ...(sigmaSnippets !== undefined && { tag: { sigmaSnippets } }),
        },
      });
      ctx.onChanged(null);
      const { videos, inserted, kept, removed } = counts;
      return { videos, inserted, kept, removed };
    },
    'models:addCaffe': async ({ prototxt, weights, preset, id }) =>
      modelInfo(
        await addCaffeModel({
          prototxtPath: prototxt,
          weightsPath: weights,
          preset,
          ...(id !== undefined && { id }),
        }),
      ),
    'models:addOnnx': async ({ manifest }) => modelInfo(await addOnnxModel(manifest)),
    'models:check': async ({ model, videoId, atSec }) => {
      const file = requireVideo(db(), videoId).path;
      if (!file) throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}" has no media file`);
      return checkModel(await loadModel(model), file, {
        device: ctx.device,
        ...(atSec !== undefined && { atSec }),
      });
    },
    'queue:send': ({ redisUrl, queueName, ...req }) =>
      queue.send(db(), { redisUrl, queueName }, req),
    'queue:status': (target) => queue.status(target),
    'queue:collect': async ({ redisUrl, queueName, ...req }) => {
      const result = await queue.collect(db(), { redisUrl, queueName }, req);
      ctx.onChanged(null);
      return result;
    },
    'labels:listSets': () => labelSetsView(db()),
    'labels:createSet': ({ kind, name, labels }) => {
      const id =
        kind === 'kinetics400'
          ? createKinetics400LabelSet(db(), name ?? 'Kinetics-400')
          : createLabelSet(db(), name ?? 'Custom labels', labels ?? []);
      if (getActiveLabelSet(db()) === null) setActiveLabelSet(db(), id);
      ctx.onChanged(null);
      return labelSetsView(db());
    },
    'labels:activateSet': ({ id }) => {
      setActiveLabelSet(db(), id);
      ctx.onChanged(null);
      return labelSetsView(db());
    },
    'mapping:get': ({ modelId }) => getClassMapping(db(), modelId),
    'mapping:set': ({ modelId, rows }) => {
      setClassMapping(db(), modelId, rows);
      return getClassMapping(db(), modelId);
    },
    'diagnostics:report': async () => ({
      text: await doctorReportText(session.hasProject ? session.project.file : undefined),
    }),
    'settings:get': () => settingsView(loadSettings()),
    'settings:update': (patch) => settingsView(updateSettings(patch)),
    'export:write': async ({ file, ...request }) => {
      const out = path.resolve(file);
      if (out === path.resolve(session.project.file)) {
        throw new ActionlineError('BAD_ARGUMENT', `${out}: that is the project file itself`, out);
      }
      const result = exportText(db(), request);
      await writeTextAtomic(out, result.text);
      return { file: out, warnings: result.warnings };
    },
    'runs:list': () => runSummaries(db()),
    'eval:run': ({ runId, annotator }) => {
      if (annotator === null) return evaluateRun(db(), { runId, annotatorId: null });
      const found = annotator === undefined ? me() : findAnnotator(db(), annotator)?.id;
      if (found === undefined) {
        throw new ActionlineError('BAD_ARGUMENT', `no annotator "${annotator}" in this project`);
      }
      return evaluateRun(db(), { runId, annotatorId: found });
    },
    'eval:agreement': ({ annotatorA, annotatorB }) =>
      evaluateAgreement(db(), annotatorA, annotatorB),
  };
}

function modelInfo(model: LoadedModel) {
  return { id: model.manifest.id, name: model.manifest.name, labels: model.labels };
}
