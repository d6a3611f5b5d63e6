import path from 'node:path';
import type { Device } from '../../shared/devices.ts';
import { appRoot } from '../base/paths.ts';
import { MEDIA_PREFIX } from './mediaRoute.ts';
import { startWebServer, type WebServer } from './webServer.ts';
import { createAppCore } from '../app/appCore.ts';
import type { AppSession } from '../app/appSession.ts';
import { ensureDemoProject } from '../app/demoProject.ts';

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
  /**
   * The folders requests may write into (exports, copies, new projects); default: the open
   * project's folder. A token holder can write nowhere else.
   */
  exportDirs?: readonly string[];
}

export interface WebApp {
  server: WebServer;
  session: AppSession;
  close(): Promise<void>;
}

/** The whole app behind the web shell: the app core (appCore.ts) and the server. */
export async function startWebApp(options: WebAppOptions): Promise<WebApp> {
  let server: WebServer | null = null;
  const core = createAppCore({
    shell: 'web',
    mediaUrlOf: (videoId) => `${MEDIA_PREFIX}${encodeURIComponent(videoId)}`,
    emit: (event, payload) => server?.emit(event, payload),
    ...(options.device !== undefined && { device: options.device }),
    ...(options.threads !== undefined && { threads: options.threads }),
    ...(options.annotator !== undefined && { annotator: options.annotator }),
    ...(options.cacheDir !== undefined && { cacheDir: options.cacheDir }),
    writeRoots: () =>
      options.exportDirs && options.exportDirs.length > 0
        ? options.exportDirs
        : [path.dirname(core.session.project.file)],
  });
  const file = options.project ?? (await ensureDemoProject(core.host, options.cacheDir));
  core.session.open(file, false);
  server = await startWebServer({
    port: options.port,
    rendererDir: options.rendererDir ?? path.join(appRoot, 'out', 'renderer'),
    handlers: core.handlers,
    resolveMedia: (videoId) => core.mediaFile(videoId),
  });
  const started = server;
  return {
    server: started,
    session: core.session,
    async close() {
      await started.close();
      await core.close();
    },
  };
}
