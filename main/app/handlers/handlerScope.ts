import type { DatabaseSync } from 'node:sqlite';
import type { EditOutcome } from '../../../shared/project/views.ts';
import { ActionlineError } from '../../base/errors.ts';
import type { Device } from '../../inference/executionProviders.ts';
import type { ProcessLauncher } from '../../rpc/processLauncher.ts';
import { historyState, type EditSummary } from '../../project/editLog.ts';
import { requireVideo } from '../../project/videos.ts';
import { ProxyManager } from '../../video/proxyManager.ts';
import { ShotCutFinder } from '../../video/shotCuts.ts';
import type { AnalysisRunner } from '../analysisRunner.ts';
import type { AppSession } from '../appSession.ts';
import { HeadTrainer } from '../headTrainer.ts';
import { QueueLink } from '../queueLink.ts';
import type { WriteRoots } from '../writeRoots.ts';

/** What the shell gives the handlers. */
export interface HandlerContext {
  session: AppSession;
  analysis: AnalysisRunner;
  /** Head training, one at a time (default: a new one). */
  trainer?: HeadTrainer;
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
  /** Where requests may write files (writeRoots.ts); absent: anywhere (the desktop app). */
  writeRoots?: WriteRoots;
  /**
   * The desktop app's native file dialog for an executable (ffmpeg, ffprobe); absent in the
   * web shell, where executable paths come only from the settings file.
   */
  pickExecutable?: (tool: 'ffmpeg' | 'ffprobe') => Promise<string | null>;
  /** How child processes start (default a Node fork; the desktop app's utilityProcess). */
  launchProcess?: ProcessLauncher;
}

/** The context with what every handler module reads it through, made once per app. */
export interface HandlerScope {
  ctx: HandlerContext;
  session: AppSession;
  proxies: ProxyManager;
  shotCuts: ShotCutFinder;
  queue: QueueLink;
  trainer: HeadTrainer;
  /** The open project's database (throws when none is open). */
  db(): DatabaseSync;
  /** The current annotator's id. */
  me(): number;
  /** The file linked to a video; an error that names the video when there is none. */
  linkedPath(videoId: string): string;
  /** An edit's answer to the renderer (after telling the shell what changed). */
  outcome(edit: EditSummary | null): EditOutcome | null;
  edited(result: { edit: EditSummary }): EditOutcome;
}

export function handlerScope(ctx: HandlerContext): HandlerScope {
  const { session } = ctx;
  const db = () => session.project.db;
  const me = () => session.annotatorId;
  const outcome = (edit: EditSummary | null): EditOutcome | null => {
    if (!edit) return null;
    ctx.onChanged(edit.videoId);
    return {
      action: edit.action,
      videoId: edit.videoId,
      history: historyState(db(), me(), edit.videoId),
    };
  };
  return {
    ctx,
    session,
    proxies: ctx.proxies ?? new ProxyManager(),
    shotCuts: ctx.shotCuts ?? new ShotCutFinder(),
    queue: ctx.queue ?? new QueueLink(),
    trainer: ctx.trainer ?? new HeadTrainer(),
    db,
    me,
    linkedPath(videoId) {
      const file = requireVideo(db(), videoId).path;
      if (file === null) {
        throw new ActionlineError('BAD_ARGUMENT', `video "${videoId}" has no linked media file`);
      }
      return file;
    },
    outcome,
    edited: (result) => outcome(result.edit)!,
  };
}
