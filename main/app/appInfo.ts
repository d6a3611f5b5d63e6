import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/contract.ts';
import { appRoot } from '../base/paths.ts';

/** The `app:info` answer; the version is package.json's, in development and packaged. */
export function appInfo(shell: AppInfo['shell']): AppInfo {
  const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as {
    version: string;
  };
  return { version: pkg.version, platform: process.platform, shell };
}
