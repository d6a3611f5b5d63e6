// electron-builder afterPack hook (electron-builder.yml: afterPack). The ffmpeg/ffprobe
// installer packages ship their binaries as 0744 or 0755 depending on the package; a deb
// installs them owned by root, so anything short of 0755 leaves them unusable for the user
// who runs the app. Every file under the unpacked ffmpeg/ffprobe platform packages that is
// executable by its owner is made executable by all.
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function resourcesDir(context) {
  if (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') {
    const app = `${context.packager.appInfo.productFilename}.app`;
    return path.join(context.appOutDir, app, 'Contents', 'Resources');
  }
  return path.join(context.appOutDir, 'resources');
}

export default async function afterPack(context) {
  const modules = path.join(resourcesDir(context), 'app.asar.unpacked', 'node_modules');
  for (const scope of ['@ffmpeg-installer', '@ffprobe-installer']) {
    const scopeDir = path.join(modules, scope);
    if (!existsSync(scopeDir)) continue;
    for (const pkg of readdirSync(scopeDir)) {
      const dir = path.join(scopeDir, pkg);
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        const { mode } = statSync(file);
        if (mode & 0o100) chmodSync(file, (mode | 0o755) & 0o7777);
      }
    }
  }
}
