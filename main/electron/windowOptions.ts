import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/** The only window options the app uses; a unit test pins the security-relevant ones. */
export function mainWindowOptions(preloadDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1400,
    height: 900,
    show: false,
    title: 'Actionline',
    webPreferences: {
      preload: path.join(preloadDir, 'index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    },
  };
}
