import { z } from 'zod';
import { DEVICES } from '../devices.ts';
import type { SnippetScores } from '../analysis/types.ts';
import type { AgreementResult, RunEvaluation, RunSummary } from '../eval/evalTypes.ts';
import type { LearningCurveView } from '../eval/learningCurve.ts';
import type { HeadView } from '../heads/headView.ts';
import { REVIEW_STATUSES } from '../project/types.ts';
import type { EditOutcome, ProjectInfo, VideoDetail, VideoSummary } from '../project/views.ts';
import type { ExportFormatView, FormatView, ImportReport } from './importViews.ts';
import {
  defineContract,
  event,
  request,
  type ApiOf,
  type ChannelOf,
  type EventOf,
  type HandlersOf,
  type PayloadOf,
  type RequestIn,
  type RequestOut,
  type ResponseOf,
} from './defineContract.ts';

/**
 * Every request and event between the renderer and the main process, written once.
 * Adding a channel is one entry here plus its handler in the main process.
 * Requests: `domain:verb`, validated in main with the schema. Events: `domain:noun`.
 */

export interface AppInfo {
  version: string;
  /** Node's `process.platform` of the machine the engine runs on. */
  platform: string;
  shell: 'web' | 'electron';
}

/** One video's snippet scores from one model run; see SnippetScores for the layout. */
export type ScoresView = Pick<
  SnippetScores,
  'classCount' | 'labels' | 'snippetCenterSec' | 'scores' | 'kind'
>;

export interface AnalysisProgress {
  runId: number;
  videoId: string;
  doneSnippets: number;
  totalSnippets: number;
}

/** A model run's state as the UI shows it; sent on start, per video and at the end. */
export interface AnalysisStatus {
  runId: number;
  state: 'running' | 'finished' | 'cancelled';
  /** The execution provider in use, once the model is loaded (e.g. 'cpu', 'cuda'). */
  provider: string | null;
  notes: string[];
  done: string[];
  failures: { videoId: string; message: string }[];
  total: number;
}

export interface ModelInfo {
  id: string;
  name: string;
  labels: string[];
}

export interface RederiveResult {
  videos: number;
  inserted: number;
  kept: number;
  removed: number;
}

/** The user's settings as the Settings view edits them (absent = the default). */
export interface SettingsView {
  file: string;
  modelsFolder: string | null;
  defaultDevice: string;
  ffmpegPath: string | null;
  ffprobePath: string | null;
  review: ReviewSettings;
  /** Reviewed videos after which the app offers to train a head (and again after as many more); 0: never. */
  trainAfterReviewed: number;
  /** What was wrong with the file, if anything (the defaults are then in force). */
  problems: string[];
}

/** How the editor plays and marks during review (settings.json; defaults in main/base/settings.ts). */
export interface ReviewSettings {
  preRollSec: number;
  postRollSec: number;
  /** Marks made while playing (K) go this much earlier. */
  reactionSec: number;
  /** Accept/reject and next plays the next suggestion. */
  playNextAfterDecision: boolean;
}

/** A model check: the preprocessed input as a picture, and what the model makes of it. */
export interface ModelCheckView {
  frameIndex: number;
  timeSec: number;
  /** PNG of the de-normalised model input: wrong colours mean a wrong channel order or mean. */
  png: Uint8Array;
  channels: { name: string; min: number; mean: number; max: number }[];
  top: { label: string; score: number; probability: number }[];
}

export interface QueueStatusView {
  counts: Record<string, number>;
  ratePerMin: number | null;
  etaSec: number | null;
  workers: number;
  /** The videos this app sent, with their job's state. */
  videos: { videoId: string; state: string; fraction: number; error: string | null }[];
}

export interface LabelSetsView {
  sets: { id: number; name: string; kind: string; labelCount: number }[];
  activeId: number | null;
}

export interface ExportOutcome {
  file: string;
  /** What to know about the file, nothing wrong (which run each video's predictions came from). */
  notes: string[];
  warnings: string[];
}

export interface AddVideosResult {
  added: string[];
  failures: { path: string; message: string }[];
  /** Added files with something to know: a cut-short copy (partial), the stream analysed… */
  notes: { path: string; kind: 'partial' | 'info'; message: string }[];
}

/** A video's proxy (a transcoded copy for videos the player cannot decode). */
export interface ProxyProgress {
  videoId: string;
  /** 'none': the original plays as it is; 'making': transcoding; 'ready'; 'failed'. */
  state: 'none' | 'making' | 'ready' | 'failed';
  /** In [0, 1]. */
  fraction: number;
  message?: string;
}

export interface PreparedMedia extends ProxyProgress {
  /** What `<video src>` should load now: null while the proxy is being made. */
  mediaUrl: string | null;
}

const videoId = z.string().min(1);
const segmentId = z.int().positive();
const seconds = z.number().finite().nonnegative();
const label = z.string().trim().min(1).max(500);
const empty = z.strictObject({});
/** A registry's format name; the handler checks it against the registry. */
const formatName = z.string().trim().min(1).max(64);
/** A path on the machine running Actionline, as the user typed it. */
const typedPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'contains a NUL character');
const importRequest = z.strictObject({
  file: typedPath,
  /** Read it as this format (import:formats' names); absent: detected from the file. */
  format: formatName.optional(),
  /** Ground truth: the layer it goes into (absent: the format's default). */
  annotator: label.optional(),
  /** Ground truth: mark its videos reviewed by that annotator. */
  markReviewed: z.boolean().default(false),
  /** CSV: the CLI's --columns, --units and --fps, as typed (checked by the CSV reader). */
  csv: z
    .strictObject({
      columns: z.string().max(2000).optional(),
      units: z.enum(['seconds', 'frames']).optional(),
      fps: z.string().max(32).optional(),
    })
    .optional(),
});

export const contract = defineContract({
  requests: {
    'app:info': request(empty).returns<AppInfo>(),
    'project:open': request(
      z.strictObject({ file: z.string().min(1), create: z.boolean().default(false) }),
    ).returns<ProjectInfo>(),
    'project:info': request(empty).returns<ProjectInfo | null>(),
    'project:setAnnotator': request(z.strictObject({ name: label })).returns<ProjectInfo>(),
    'project:saveCopy': request(z.strictObject({ file: z.string().min(1) })).returns<{
      file: string;
    }>(),
    'videos:list': request(empty).returns<VideoSummary[]>(),
    'videos:add': request(
      z.strictObject({ paths: z.array(z.string().min(1)).min(1) }),
    ).returns<AddVideosResult>(),
    'video:get': request(z.strictObject({ videoId })).returns<VideoDetail>(),
    /** Frame start times of a variable-frame-rate video (empty for a constant rate). */
    'video:frameTimes': request(z.strictObject({ videoId })).returns<{
      frameStartSec: Float64Array;
    }>(),
    /** Adds the editor's active review time and actions since its last report. */
    'review:record': request(
      z.strictObject({
        videoId,
        activeMs: z.number().int().min(0).max(86_400_000),
        actions: z.number().int().min(0).max(1_000_000),
      }),
    ).returns<{ activeSec: number; actions: number }>(),
    /** Project setting: suggestions of different classes may overlap (re-derive to apply). */
    'project:setCoOccurring': request(z.strictObject({ on: z.boolean() })).returns<ProjectInfo>(),
    'video:setReview': request(
      z.strictObject({ videoId, status: z.enum(REVIEW_STATUSES) }),
    ).returns<EditOutcome>(),
    'video:confirmLabel': request(z.strictObject({ videoId, label })).returns<EditOutcome>(),
    'video:removeLabel': request(z.strictObject({ videoId, label })).returns<EditOutcome>(),
    /**
     * What the player should load; `playerFailed`: the player could not decode the original
     * (a decode error while playing), so a proxy is made even though it looked playable.
     */
    'video:prepareMedia': request(
      z.strictObject({ videoId, playerFailed: z.boolean().optional() }),
    ).returns<PreparedMedia>(),
    'video:shotCuts': request(z.strictObject({ videoId })).returns<{ timesSec: number[] }>(),
    'scores:get': request(
      z.strictObject({ videoId, runId: z.int().nonnegative(), stream: z.string().optional() }),
    ).returns<ScoresView>(),
    'segment:add': request(
      z.strictObject({ videoId, startSec: seconds, endSec: seconds, label }),
    ).returns<EditOutcome>(),
    'segment:update': request(
      z.strictObject({
        segmentId,
        startSec: seconds.optional(),
        endSec: seconds.optional(),
        label: label.optional(),
      }),
    ).returns<EditOutcome>(),
    'segment:split': request(z.strictObject({ segmentId, atSec: seconds })).returns<EditOutcome>(),
    'segments:merge': request(
      z.strictObject({ segmentIds: z.array(segmentId).min(2), label: label.optional() }),
    ).returns<EditOutcome>(),
    'segments:accept': request(
      z.strictObject({ segmentIds: z.array(segmentId).min(1) }),
    ).returns<EditOutcome>(),
    'segments:reject': request(
      z.strictObject({ segmentIds: z.array(segmentId).min(1) }),
    ).returns<EditOutcome>(),
    'segments:delete': request(
      z.strictObject({ segmentIds: z.array(segmentId).min(1) }),
    ).returns<EditOutcome>(),
    'segments:acceptAbove': request(
      z.strictObject({ videoId, minScore: z.number().finite() }),
    ).returns<EditOutcome>(),
    /** Undo and redo apply to the annotator's edits of one video: the one in view. */
    'history:undo': request(z.strictObject({ videoId })).returns<EditOutcome | null>(),
    'history:redo': request(z.strictObject({ videoId })).returns<EditOutcome | null>(),
    'labels:list': request(empty).returns<string[]>(),
    'models:list': request(empty).returns<ModelInfo[]>(),
    'analysis:start': request(
      z.strictObject({
        videoIds: z.array(videoId).min(1),
        model: z.string().min(1).default('motion'),
        intervalSec: z.number().finite().positive().max(60).default(0.5),
        /** A flow model to run with `model` (RGB): a two-stream run fused on logits. */
        flowModel: z.string().min(1).optional(),
        /** Weights of the RGB and flow logits (default 1:1). */
        fusion: z
          .strictObject({ rgb: z.number().finite().min(0), flow: z.number().finite().min(0) })
          .optional(),
      }),
    ).returns<AnalysisStatus>(),
    'analysis:cancel': request(empty).returns<{ cancelled: boolean }>(),
    'run:rederive': request(
      z.strictObject({
        runId: z.int().positive(),
        /** Gaussian smoothing of the actionness curve, in snippets. */
        sigmaSnippets: z.number().finite().min(0).max(50).optional(),
        /** Segments overlapping a better one by more than this tIoU are dropped. */
        nmsTiou: z.number().min(0).max(1).optional(),
        maxSegmentsPerVideo: z.int().min(1).max(10000).optional(),
        /** Average snippet scores over sliding windows first (seconds); null: no windows. */
        window: z
          .strictObject({ windowSec: z.number().positive(), strideSec: z.number().positive() })
          .nullable()
          .optional(),
      }),
    ).returns<RederiveResult>(),
    'models:addCaffe': request(
      z.strictObject({
        prototxt: z.string().min(1),
        weights: z.string().min(1),
        preset: z.string().min(1),
        id: z.string().min(1).optional(),
      }),
    ).returns<ModelInfo>(),
    'models:addOnnx': request(z.strictObject({ manifest: z.string().min(1) })).returns<ModelInfo>(),
    'models:check': request(
      z.strictObject({ model: z.string().min(1), videoId, atSec: seconds.optional() }),
    ).returns<ModelCheckView>(),
    'queue:send': request(
      z.strictObject({
        redisUrl: z.string().min(1),
        queueName: z.string().min(1).optional(),
        videoIds: z.array(videoId).min(1),
        model: z.string().min(1).default('motion'),
        intervalSec: z.number().finite().positive().max(60).default(1),
        resultsDir: z.string().min(1).nullable().default(null),
      }),
    ).returns<{ added: number; existing: number }>(),
    'queue:status': request(
      z.strictObject({ redisUrl: z.string().min(1), queueName: z.string().min(1).optional() }),
    ).returns<QueueStatusView>(),
    'queue:collect': request(
      z.strictObject({
        redisUrl: z.string().min(1),
        queueName: z.string().min(1).optional(),
        model: z.string().min(1).optional(),
        resultsDir: z.string().min(1).nullable().default(null),
      }),
    ).returns<{ runId: number; videos: number; segments: number; failed: number }>(),
    'labels:listSets': request(empty).returns<LabelSetsView>(),
    'labels:createSet': request(
      z.strictObject({
        kind: z.enum(['kinetics400', 'custom']),
        name: z.string().trim().min(1).max(200).optional(),
        /** custom: the labels, one per entry. */
        labels: z.array(label).max(100_000).optional(),
      }),
    ).returns<LabelSetsView>(),
    'labels:activateSet': request(
      z.strictObject({ id: z.int().positive().nullable() }),
    ).returns<LabelSetsView>(),
    /** Model class → project label; an empty list removes the model's mapping. */
    'mapping:get': request(z.strictObject({ modelId: z.string().min(1) })).returns<
      { modelClass: string; label: string }[]
    >(),
    'mapping:set': request(
      z.strictObject({
        modelId: z.string().min(1),
        rows: z.array(z.strictObject({ modelClass: z.string().min(1), label })).max(100_000),
      }),
    ).returns<{ modelClass: string; label: string }[]>(),
    'diagnostics:report': request(empty).returns<{ text: string }>(),
    'settings:get': request(empty).returns<SettingsView>(),
    'settings:update': request(
      z.strictObject({
        modelsFolder: z.string().min(1).nullable().optional(),
        defaultDevice: z.enum(DEVICES).nullable().optional(),
        // Programs to run are never set through a request: null resets to the bundled one;
        // the desktop app sets them from its native dialog (settings:pickExecutable).
        ffmpegPath: z.null().optional(),
        ffprobePath: z.null().optional(),
        preRollSec: z.number().min(0).max(30).nullable().optional(),
        postRollSec: z.number().min(0).max(30).nullable().optional(),
        reactionSec: z.number().min(0).max(2).nullable().optional(),
        playNextAfterDecision: z.boolean().nullable().optional(),
        trainAfterReviewed: z.int().min(0).max(1000).nullable().optional(),
      }),
    ).returns<SettingsView>(),
    /** Desktop app only: the user picks the program in a native dialog. */
    'settings:pickExecutable': request(
      z.strictObject({ tool: z.enum(['ffmpeg', 'ffprobe']) }),
    ).returns<SettingsView>(),
    /** Every format of the export registry (main/formats/export), for the export dialog. */
    'export:formats': request(empty).returns<ExportFormatView[]>(),
    'export:write': request(
      z.strictObject({
        // One of export:formats' names (checked against the registry by the handler, so a
        // format added there needs no change here); a folder format's file is the folder.
        format: formatName,
        file: z.string().min(1),
        subset: z.string().min(1).optional(),
        annotator: z.string().min(1).optional(),
        /** activitynet-results: the ranked detections (default) or the suggested labelling. */
        product: z.enum(['ranked', 'suggested']).optional(),
      }),
    ).returns<ExportOutcome>(),
    /** Every format of the import registry (main/formats/import/importFormats.ts). */
    'import:formats': request(empty).returns<FormatView[]>(),
    /** What importing the file or folder would do, the project unchanged. */
    'import:preview': request(importRequest).returns<ImportReport>(),
    /** Imports it into the open project, all or nothing. */
    'import:run': request(importRequest).returns<ImportReport>(),
    'runs:list': request(empty).returns<RunSummary[]>(),
    /** The project's heads (its own classes learnt from reviewed videos), newest first. */
    'heads:list': request(empty).returns<HeadView[]>(),
    /**
     * Trains a head on the current annotator's reviewed videos (off the main thread) and stores
     * it; name omitted: head-1, head-2, … Refused, storing nothing, with what to do.
     */
    'heads:train': request(
      z.strictObject({ name: z.string().trim().min(1).max(64).optional() }),
    ).returns<HeadView>(),
    'heads:cancelTraining': request(empty).returns<{ cancelled: boolean }>(),
    /**
     * Runs the head over the unreviewed videos with its backbone's features stored (nothing
     * decoded): their suggestions become the head's. A model run like analysis:start's.
     */
    'heads:apply': request(z.strictObject({ name: z.string().min(1) })).returns<{
      status: AnalysisStatus;
      notes: string[];
    }>(),
    'heads:delete': request(z.strictObject({ name: z.string().min(1) })).returns<HeadView[]>(),
    /** A run against one annotator's reviewed work; annotator omitted: the current one, null: everyone's. */
    'eval:run': request(
      z.strictObject({ runId: z.int().positive(), annotator: label.nullable().optional() }),
    ).returns<RunEvaluation>(),
    'eval:agreement': request(
      z.strictObject({ annotatorA: label, annotatorB: label }),
    ).returns<AgreementResult>(),
    /** The heads' held-out accuracy and mAP, and the current annotator's review cost, against reviewed videos. */
    'eval:learningCurve': request(empty).returns<LearningCurveView>(),
  },
  events: {
    'analysis:progress': event<AnalysisProgress>(),
    'analysis:status': event<AnalysisStatus>(),
    'project:changed': event<{ videoId: string | null }>(),
    'proxy:progress': event<ProxyProgress>(),
  },
});

export type Contract = typeof contract;
export type Channel = ChannelOf<Contract>;
export type EventName = EventOf<Contract>;
export type RequestOf<K extends Channel> = RequestIn<Contract, K>;
export type ValidRequestOf<K extends Channel> = RequestOut<Contract, K>;
export type ResponseFor<K extends Channel> = ResponseOf<Contract, K>;
export type EventPayload<E extends EventName> = PayloadOf<Contract, E>;
/** The interface the renderer imports; the preload and the WebSocket client implement it. */
export type Api = ApiOf<Contract>;
export type Handlers = HandlersOf<Contract>;
