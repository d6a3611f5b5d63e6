import path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openProject(): void;
  newProject(): void;
  openRecent(file: string): void;
  addVideos(): void;
  addFolder(): void;
  saveCopy(): void;
}

/**
 * The native menu as data (only Electron's types are imported), so its shape is unit-tested
 * without the Electron binary. Undo/redo are not native roles: they are the annotator's
 * persisted edit history, reached through the editor's own keys.
 */
export function menuTemplate(
  actions: MenuActions,
  recent: readonly string[],
  platform: NodeJS.Platform,
): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length > 0
      ? recent.map((file) => ({
          label: path.basename(file),
          sublabel: file,
          click: () => actions.openRecent(file),
        }))
      : [{ label: 'No recent projects', enabled: false }];
  return [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.newProject() },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
        { label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { label: 'Add Videos…', click: () => actions.addVideos() },
        { label: 'Add Folder…', click: () => actions.addFolder() },
        { type: 'separator' },
        {
          label: 'Save a Copy…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () => actions.saveCopy(),
        },
        { type: 'separator' },
        platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [{ role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
    },
    {
      label: 'View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
  ];
}
