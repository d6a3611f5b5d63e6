import os from 'node:os';
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.ts';
import type { Device } from '../inference/executionProviders.ts';
import { ForkedAnalysisHost } from '../host/forkedHost.ts';
import type { ProcessLauncher } from './utilityWorker.ts';
import { getVideo } from '../project/videos.ts';
import { currentSettings } from '../base/settings.ts';
import { ProxyManager } from '../video/proxyManager.ts';
import { ShotCutFinder } from '../video/shotCuts.ts';
import { AnalysisRunner } from './analysisRunner.ts';
import { AppSession } from './appSession.ts';
import { HeadTrainer } from './headTrainer.ts';
import { createHandlers, type HandlerContext } from './handlers.ts';
import { QueueLink } from './queueLink.ts';

export interface AppCoreOptions {
  shell: HandlerContext['shell'];
  mediaUrlOf: (videoId: string) => string;
  /** Sends an event to the renderer(s), whatever carries it. */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Default: the settings' default execution provider. */
  device?: Device;
  threads?: number;
  annotator?: string;
  /** Where proxies and shot cuts are cached (default: the user's cache folder). */
  cacheDir?: string;
  /** Where requests may write files (writeRoots.ts); absent: anywhere (the desktop app). */
  writeRoots?: HandlerContext['writeRoots'];
  /** The desktop app's native dialog for ffmpeg/ffprobe. */
  pickExecutable?: HandlerContext['pickExecutable'];
  /** How child processes start (worker, doctor): a Node fork by default; the desktop app's utilityProcess. */
  launchProcess?: ProcessLauncher;
}

export interface AppCore {
  host: ForkedAnalysisHost;
  session: AppSession;
  /** The app's model runs (stop one before closing the project it writes to). */
  analysis: AnalysisRunner;
  handlers: Handlers;
  /** The file behind a video's media URL: its proxy once made, else the original. */
  mediaFile(videoId: string): string | undefined;
  close(): Promise<void>;
}

/**
 * Everything both shells run on: the analysis worker, the session, proxies, the queue link
 * and the handlers, with their events wired to `emit`. A shell adds only its transport.
 */
export function createAppCore(options: AppCoreOptions): AppCore {
  const { emit, cacheDir } = options;
  const host = new ForkedAnalysisHost({
    ...(options.launchProcess ? { launch: options.launchProcess } : {}),
    // The UI shares the cores with a run (README "Speed": the timeline during a run).
    niceness: os.constants.priority.PRIORITY_BELOW_NORMAL,
  });
  const session = new AppSession(options.annotator);
  const analysis = new AnalysisRunner(host, {
    progress: (p) => emit('analysis:progress', p),
    status: (s) => {
      emit('analysis:status', s);
      emit('project:changed', { videoId: null });
    },
  });
  const proxies = new ProxyManager({
    ...(cacheDir !== undefined && { cacheDir }),
    onStatus: (status) => emit('proxy:progress', status),
  });
  const queue = new QueueLink();
  const trainer = new HeadTrainer();
  const handlers = createHandlers({
    proxies,
    queue,
    shotCuts: new ShotCutFinder(cacheDir !== undefined ? { cacheDir } : {}),
    session,
    analysis,
    trainer,
    shell: options.shell,
    mediaUrlOf: options.mediaUrlOf,
    device: options.device ?? currentSettings().defaultDevice,
    threads: options.threads ?? 0,
    onChanged: (videoId) => emit('project:changed', { videoId }),
    ...(options.writeRoots !== undefined && { writeRoots: options.writeRoots }),
    ...(options.pickExecutable !== undefined && { pickExecutable: options.pickExecutable }),
    ...(options.launchProcess !== undefined && { launchProcess: options.launchProcess }),
  });
  return {
    host,
    session,
    analysis,
    handlers,
    mediaFile(videoId) {
      const original = session.hasProject ? getVideo(session.project.db, videoId)?.path : null;
      return original ? proxies.mediaPath(videoId, original) : undefined;
    },
    async close() {
      analysis.cancel();
      proxies.cancelAll();
      await trainer.stop();
      session.close();
      await Promise.allSettled([queue.close(), host.close()]);
    },
  };
}
