import path from 'node:path';
import { ForkedAnalysisHost } from '../inference/host/forkedHost.ts';
import type { Device } from '../inference/executionProviders.ts';
import { appRoot } from '../paths.ts';
import { currentSettings } from '../settings/settings.ts';
import { getVideo } from '../project/videos.ts';
import { MEDIA_PREFIX } from '../server/mediaRoute.ts';
import { startWebServer, type WebServer } from '../server/webServer.ts';
import { ProxyManager } from '../video/proxyManager.ts';
import { ShotCutFinder } from '../video/shotCuts.ts';
import { AnalysisRunner } from './analysisRunner.ts';
import { AppSession } from './appSession.ts';
import { QueueLink } from './queueLink.ts';
import { ensureDemoProject } from './demoProject.ts';
import { createHandlers } from './handlers.ts';

export interface WebAppOptions {
  /** Project to open; none opens the demo project. */
  project?: string;
  port: number;
  device?: Device;
  threads?: number;
  rendererDir?: string;
  annotator?: string;
  /** Where the demo project and video are kept (default: the user's cache folder). */
  cacheDir?: string;
}

export interface WebApp {
  server: WebServer;
  session: AppSession;
  close(): Promise<void>;
}

/** The whole app behind the web shell: session, analysis worker, handlers and server. */
export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  const host = new ForkedAnalysisHost();
  const session = new AppSession(options.annotator);
  const file = options.project ?? (await ensureDemoProject(host, options.cacheDir));
  session.open(file, false);
  let server: WebServer | null = null;
  const analysis = new AnalysisRunner(host, {
    progress: (p) => server?.emit('analysis:progress', p),
    status: (s) => {
      server?.emit('analysis:status', s);
      server?.emit('project:changed', { videoId: null });
    },
  });
  const cacheDir = options.cacheDir;
  const proxies = new ProxyManager({
    ...(cacheDir !== undefined && { cacheDir }),
    onStatus: (status) => server?.emit('proxy:progress', status),
  });
  const queue = new QueueLink();
  const handlers = createHandlers({
    proxies,
    queue,
    shotCuts: new ShotCutFinder(cacheDir !== undefined ? { cacheDir } : {}),
    session,
    analysis,
    shell: 'web',
    mediaUrlOf: (videoId) => `${MEDIA_PREFIX}${encodeURIComponent(videoId)}`,
    device: options.device ?? currentSettings().defaultDevice,
    threads: options.threads ?? 0,
    onChanged: (videoId) => server?.emit('project:changed', { videoId }),
  });
  server = await startWebServer({
    port: options.port,
    rendererDir: options.rendererDir ?? path.join(appRoot, 'out', 'renderer'),
    handlers,
    resolveMedia: (videoId) => {
      const original = session.hasProject ? getVideo(session.project.db, videoId)?.path : null;
      // The proxy, once made, behind the same URL; else the original.
      return original ? proxies.mediaPath(videoId, original) : undefined;
    },
  });
  const started = server;
  return {
    server: started,
    session,
    async close() {
      analysis.cancel();
      proxies.cancelAll();
      await queue.close();
      await started.close();
      session.close();
      await host.close();
    },
  };
}
