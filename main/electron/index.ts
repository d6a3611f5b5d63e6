import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';
import { startDesktopApp } from './desktopApp.ts';

// The desktop shell's entry: deliberately thin (see desktopApp.ts).
const here = path.dirname(fileURLToPath(import.meta.url));
const projectArg = process.argv
  .slice(app.isPackaged ? 1 : 2)
  .find((a) => a.endsWith('.actionline'));

app.enableSandbox();
void startDesktopApp(here, projectArg);
