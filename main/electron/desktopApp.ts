import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  shell,
  type WebContents,
} from 'electron';
import {
  EVENT_CHANNEL,
  INVOKE_CHANNEL,
  MEDIA_SCHEME,
  electronMediaUrl,
} from '../../shared/ipc/electronChannels.ts';
import type { EventName, EventPayload } from '../../shared/ipc/contract.ts';
import { addVideos } from '../app/addVideos.ts';
import { createAppCore } from '../app/appCore.ts';
import { launchProcess } from './utilityLauncher.ts';
import { ensureDemoProject } from '../app/demoProject.ts';
import { createRouter } from '../app/router.ts';
import { mediaResponse } from '../app/mediaResponse.ts';
import { mediaVideoId } from './mediaRequest.ts';
import { menuTemplate } from './menuTemplate.ts';
import { rendererSource } from './rendererSource.ts';
import { addRecentProject, readRecentProjects } from './recentProjects.ts';
import { mainWindowOptions } from './windowOptions.ts';

const PROJECT_FILTERS = [{ name: 'Actionline project', extensions: ['actionline'] }];

// Before `ready`: media URLs must be a standard, streamable scheme for <video> to seek.
protocol.registerSchemesAsPrivileged([
  {
    scheme: MEDIA_SCHEME,
    privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
  },
]);

/**
 * The desktop shell: one window over the same session, handlers and router as the web
 * shell. Only what needs Electron lives here (window, IPC transport, media protocol,
 * dialogs, menu); everything beneath it is tested without the Electron binary.
 */
export async function startDesktopApp(here: string, projectArg: string | undefined): Promise<void> {
  await app.whenReady();
  // Settings live where Electron keeps the app's data, whatever that folder is called.
  process.env.ACTIONLINE_CONFIG_DIR ??= app.getPath('userData');
  const recentFile = path.join(app.getPath('userData'), 'recent-projects.json');
  const win = new BrowserWindow(mainWindowOptions(path.join(here, '..', 'preload')));
  const page = rendererSource(process.env, app.isPackaged);
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) =>
    win.webContents.send(EVENT_CHANNEL, event, payload);
  const core = createAppCore({
    shell: 'electron',
    // A utilityProcess, not a fork of Electron's binary as Node: the RunAsNode fuse is off.
    launchProcess,
    mediaUrlOf: electronMediaUrl,
    emit,
    // Programs to run come only from a native dialog the user answers here.
    pickExecutable: async (tool) => {
      const r = await dialog.showOpenDialog(win, {
        title: `Choose the ${tool} program`,
        properties: ['openFile'],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  });
  const { session } = core;
  const router = createRouter(core.handlers);
  ipcMain.handle(INVOKE_CHANNEL, (event, channel: unknown, request: unknown) => {
    if (!fromOurPage(event.sender, win.webContents) || typeof channel !== 'string') {
      return { ok: false, error: { code: 'BAD_ARGUMENT', message: 'request refused' } };
    }
    return router.handle(channel, request);
  });
  protocol.handle(MEDIA_SCHEME, (request) => {
    const videoId = mediaVideoId(request.url);
    if (videoId === null) return new Response('bad media URL', { status: 400 });
    return mediaResponse(core.mediaFile(videoId), request.headers.get('range'), request.method);
  });

  const openProject = async (file: string, create: boolean) => {
    try {
      await core.analysis.stop();
      session.open(file, create);
      rebuildMenu(await addRecentProject(recentFile, file));
      emit('project:changed', { videoId: null });
    } catch (err) {
      dialog.showErrorBox('Cannot open the project', (err as Error).message);
    }
  };
  const addMedia = async (folders: boolean) => {
    if (!session.hasProject) return;
    const picked = await dialog.showOpenDialog(win, {
      properties: folders ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
    });
    if (picked.canceled) return;
    const { failures } = await addVideos(session.project.db, picked.filePaths);
    emit('project:changed', { videoId: null });
    if (failures.length > 0)
      dialog.showErrorBox('Some videos were not added', failures.map((f) => f.message).join('\n'));
  };
  const rebuildMenu = (recent: string[]) =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate(
          {
            openProject: async () => {
              const r = await dialog.showOpenDialog(win, {
                properties: ['openFile'],
                filters: PROJECT_FILTERS,
              });
              if (!r.canceled && r.filePaths[0]) await openProject(r.filePaths[0], false);
            },
            newProject: async () => {
              const r = await dialog.showSaveDialog(win, { filters: PROJECT_FILTERS });
              if (!r.canceled && r.filePath) await openProject(r.filePath, true);
            },
            openRecent: (file) => void openProject(file, false),
            addVideos: () => void addMedia(false),
            addFolder: () => void addMedia(true),
            saveCopy: async () => {
              if (!session.hasProject) return;
              const r = await dialog.showSaveDialog(win, { filters: PROJECT_FILTERS });
              if (!r.canceled && r.filePath) session.project.saveCopy(r.filePath);
            },
          },
          recent,
          process.platform,
        ),
      ),
    );

  rebuildMenu(readRecentProjects(recentFile));
  const first =
    projectArg ?? readRecentProjects(recentFile)[0] ?? (await ensureDemoProject(core.host));
  await openProject(path.resolve(first), false);

  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  if (page.kind === 'url') await win.loadURL(page.url);
  else await win.loadFile(path.join(here, '..', 'renderer', 'index.html'));

  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}

/** Only the app's own page (top frame of our window) may call the contract. */
function fromOurPage(sender: WebContents, ours: WebContents): boolean {
  return sender.id === ours.id;
}
