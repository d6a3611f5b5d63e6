import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, shell } from 'electron';
import { mainWindowOptions } from './windowOptions.ts';

// The desktop shell: deliberately thin. Everything beneath it is plain Node and is tested
// without Electron (the binary cannot be downloaded on the build machines).
const here = path.dirname(fileURLToPath(import.meta.url));

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions(path.join(here, '..', 'preload')));
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  if (devUrl) void win.loadURL(devUrl);
  else void win.loadFile(path.join(here, '..', 'renderer', 'index.html'));
}

app.enableSandbox();
void app.whenReady().then(createWindow);
app.on('window-all-closed', () => app.quit());
