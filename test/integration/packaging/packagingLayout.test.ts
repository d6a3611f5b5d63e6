import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPointSources } from '../../../main/base/entryPoints.ts';

/**
 * The installed app's layout, checked on the machine that builds it. electron-builder packs
 * the real app (out/ bundles, production node_modules, resources) with its `dir` target;
 * only Electron itself is a stand-in, because the Electron zip cannot be downloaded here
 * (`-c.electronDist=<folder>` takes an unpacked Electron instead). The result is inspected
 * the way the packaged app would meet it: app.asar listed with @electron/asar (the library
 * electron-builder packs with), native parts in app.asar.unpacked, models in resources/.
 *
 * About 10 s (electron-builder ~8 s; `npm run build` ~3 s more when out/ is missing, and out/
 * is used as it is when present), so it runs with the other integration tests. It writes
 * about 200 MB to a temporary folder and removes it. Linux only: the stand-in is a Linux
 * Electron layout.
 */

const require = createRequire(import.meta.url);
const asar = require('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(
    archive: string,
    filename: string,
    followLinks?: boolean,
  ): { unpacked?: boolean; size?: number; files?: unknown };
};
const yaml = require('js-yaml') as { load(text: string): unknown };

const root = path.resolve(import.meta.dirname, '../../..');
const NODE = process.execPath;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const PLATFORM = process.platform;
const ARCH = process.arch;

let work = '';
let appOut = '';
let resources = '';
let unpacked = '';
let appAsar = '';
let entries: string[] = [];
const timings: Record<string, number> = {};

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) total += statSync(p).size;
  }
  return total;
}

function filesUnder(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory()
      ? filesUnder(p, base)
      : [path.relative(base, p).split(path.sep).join('/')];
  });
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * A folder laid out like an unpacked Linux Electron distribution, holding no Electron: its
 * `electron` "executable" says so and exits 1. electron-builder copies it, renames the
 * executable after the app and adds resources/; it needs nothing more for the `dir` target.
 */
/**
 * Electron's fuse wire as its binaries carry it: a sentinel, the wire's version (1), its
 * length, one byte per fuse ('0' off, '1' on) — here Electron's defaults for the eight V1
 * fuses (RunAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, only asar, V8
 * snapshot, file protocol privileges), so that electron-builder flips them as it would in the
 * real binary and the test can read them back.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_FUSES = '10110001';

function makeElectronStandIn(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const exe = path.join(dir, 'electron');
  writeFileSync(
    exe,
    Buffer.concat([
      Buffer.from(
        '#!/bin/sh\necho "electron-dist-standin: not Electron (a packaging-test stand-in)" >&2\nexit 1\n',
      ),
      Buffer.from(FUSE_SENTINEL),
      Buffer.from([1, DEFAULT_FUSES.length]),
      Buffer.from(DEFAULT_FUSES),
    ]),
  );
  chmodSync(exe, 0o755);
  writeFileSync(
    path.join(dir, 'STANDIN.txt'),
    'Stand-in for an unpacked Electron distribution, made by test/integration/packaging.\n' +
      'The Electron zip cannot be downloaded on the build machines; this folder lets\n' +
      "electron-builder's dir target lay out the app around it. It contains no Electron.\n",
  );
}

describe('electron-builder.yml', () => {
  const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
    string,
    unknown
  > & {
    fileAssociations: { ext: string }[];
    linux: { target: string[] };
    win: { target: { target: string }[] };
    mac: { target: { target: string; arch: string[] }[] };
    extraResources: { from: string; to: string }[];
  };

  it('names the app, associates project files and targets every platform', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe('Actionline');
    expect(config.fileAssociations.map((f) => f.ext)).toContain('actionline');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(existsSync(path.join(root, 'build', 'icon.png'))).toBe(true);
  });

  it('rebuilds no native module and packs into asar', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asar).toBe(true);
    expect(config.extraResources).toContainEqual(
      expect.objectContaining({ from: 'models', to: 'models' }),
    );
  });
});

describe.runIf(PLATFORM === 'linux')('the packaged app (electron-builder dir target)', () => {
  beforeAll(() => {
    const bundles = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
    if (!bundles.every((b) => existsSync(path.join(root, b)))) {
      const t0 = performance.now();
      const build = spawnSync(
        NODE,
        [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
        {
          cwd: root,
          encoding: 'utf8',
        },
      );
      timings.build = performance.now() - t0;
      if (build.status !== 0)
        throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
    }

    work = mkdtempSync(path.join(tmpdir(), 'actionline-packaging-'));
    const standIn = path.join(work, 'electron-dist-standin');
    makeElectronStandIn(standIn);
    const output = path.join(work, 'dist');
    const t0 = performance.now();
    const result = spawnSync(
      NODE,
      [
        path.join(root, 'node_modules/electron-builder/cli.js'),
        '--linux',
        'dir',
        `--${ARCH}`,
        '--publish',
        'never',
        `-c.electronDist=${standIn}`,
        `-c.directories.output=${output}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } },
    );
    timings.electronBuilder = performance.now() - t0;
    if (result.status !== 0) {
      throw new Error(
        `electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
      );
    }
    appOut = path.join(output, ARCH === 'x64' ? 'linux-unpacked' : `linux-${ARCH}-unpacked`);
    resources = path.join(appOut, 'resources');
    appAsar = path.join(resources, 'app.asar');
    unpacked = path.join(resources, 'app.asar.unpacked');
    entries = asar.listPackage(appAsar, { isPack: false }).map((e) => e.split(path.sep).join('/'));

    const sizes = {
      total: dirBytes(appOut),
      appAsar: statSync(appAsar).size,
      unpacked: dirBytes(unpacked),
      models: dirBytes(path.join(resources, 'models')),
    };
    const line =
      `packaged app: ${mb(sizes.total)} unpacked (app.asar ${mb(sizes.appAsar)}, ` +
      `app.asar.unpacked ${mb(sizes.unpacked)}, models ${mb(sizes.models)}; Electron itself not included); ` +
      `electron-builder dir ${(timings.electronBuilder / 1000).toFixed(1)} s` +
      (timings.build ? `, build ${(timings.build / 1000).toFixed(1)} s` : '');
    console.log(line);
    mkdirSync(path.join(root, 'test-artifacts'), { recursive: true });
    writeFileSync(
      path.join(root, 'test-artifacts', 'packaging-layout.json'),
      `${JSON.stringify({ sizes, timingsMs: timings }, null, 2)}\n`,
    );
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("flips Electron's fuses in the packaged binary as electron-builder.yml sets them", () => {
    const binary = readFileSync(path.join(appOut, 'actionline'));
    const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
    expect(at).toBeGreaterThan(FUSE_SENTINEL.length);
    const wire = binary.subarray(at + 2, at + 2 + binary[at + 1]!).toString('latin1');
    // RunAsNode off, cookie encryption on, NODE_OPTIONS off, --inspect off, asar integrity on,
    // only from asar on; the V8 snapshot and file-protocol fuses keep Electron's defaults.
    expect(wire).toBe('01001101');
  });

  it('puts the main, preload and renderer bundles and package.json in app.asar', () => {
    expect(entries).toContain('/package.json');
    for (const name of ['index', ...Object.keys(entryPointSources)]) {
      expect(entries).toContain(`/out/main/${name}.js`);
    }
    expect(entries).toContain('/out/preload/index.cjs');
    expect(entries).toContain('/out/renderer/index.html');
    expect(entries.some((e) => /^\/out\/renderer\/assets\/.+\.js$/.test(e))).toBe(true);
    const packedPkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(entries).toContain(`/${packedPkg.main}`);
  });

  it("unpacks onnxruntime's binding and shared libraries for this platform only", () => {
    const binDir = `node_modules/onnxruntime-node/bin/napi-v6/${PLATFORM}/${ARCH}`;
    const files = filesUnder(path.join(unpacked, binDir));
    expect(files).toContain('onnxruntime_binding.node');
    expect(files.some((f) => /^libonnxruntime\.so/.test(f))).toBe(true);
    // Electron reads these from app.asar.unpacked because the archive marks them unpacked.
    expect(asar.statFile(appAsar, `${binDir}/onnxruntime_binding.node`).unpacked).toBe(true);
    const platforms = readdirSync(path.join(unpacked, 'node_modules/onnxruntime-node/bin/napi-v6'));
    expect(platforms).toEqual([PLATFORM]);
    expect(
      readdirSync(path.join(unpacked, `node_modules/onnxruntime-node/bin/napi-v6/${PLATFORM}`)),
    ).toEqual([ARCH]);
  });

  it('unpacks ffmpeg and ffprobe, executable by every user, and they run', () => {
    for (const tool of ['ffmpeg', 'ffprobe']) {
      const exe = path.join(
        unpacked,
        `node_modules/@${tool}-installer/${PLATFORM}-${ARCH}/${tool}`,
      );
      expect(existsSync(exe), exe).toBe(true);
      expect(statSync(exe).mode & 0o755).toBe(0o755);
      const run = spawnSync(exe, ['-version'], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^${tool} version`));
    }
  });

  it('ships the built-in models and label maps as resources', () => {
    const shipped = filesUnder(path.join(resources, 'models'));
    const modelIds = readdirSync(path.join(root, 'models'), { withFileTypes: true })
      .filter(
        (e) => e.isDirectory() && existsSync(path.join(root, 'models', e.name, 'manifest.json')),
      )
      .map((e) => e.name);
    expect(modelIds).toContain('motion');
    for (const id of modelIds) {
      expect(shipped).toContain(`${id}/manifest.json`);
      const manifest = JSON.parse(
        readFileSync(path.join(root, 'models', id, 'manifest.json'), 'utf8'),
      ) as {
        labels: { file: string };
      };
      const labels = path.posix.normalize(`${id}/${manifest.labels.file}`);
      expect(shipped).toContain(labels);
    }
    expect(shipped).toContain('labels/kinetics400.txt');
    expect(shipped.filter((f) => f.endsWith('.ts'))).toEqual([]);
  });

  it('holds nothing from the source tree but the bundles', () => {
    const topLevel = new Set(entries.map((e) => e.split('/')[1]));
    expect([...topLevel].sort()).toEqual(['node_modules', 'out', 'package.json']);
    expect(entries.filter((e) => e.startsWith('/out/') && e.endsWith('.map'))).toEqual([]);
  });

  it('holds every production dependency and no development dependency', () => {
    const packaged = new Set([
      ...entries
        .filter((e) => /^\/node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(e))
        .map((e) => e.replace(/^\/node_modules\//, '').replace(/\/package\.json$/, '')),
    ]);
    for (const dep of Object.keys(pkg.dependencies)) expect(packaged, dep).toContain(dep);
    const dev = Object.keys(pkg.devDependencies).filter((d) => !(d in pkg.dependencies));
    expect(dev.filter((d) => packaged.has(d))).toEqual([]);
    const unpackedModules = readdirSync(path.join(unpacked, 'node_modules'));
    expect(unpackedModules.filter((d) => dev.includes(d))).toEqual([]);
    // Tools that only development uses, whatever pulls them in.
    for (const tool of [
      'electron',
      'electron-builder',
      'vite',
      'vitest',
      'typescript',
      'svelte',
      'node',
    ]) {
      expect(packaged.has(tool), tool).toBe(false);
    }
  });

  it("holds no other platform's binaries", () => {
    const all = [...entries.map((e) => e.slice(1)), ...filesUnder(unpacked)];
    const others = all.filter((f) => {
      const ort = f.match(/onnxruntime-node\/bin\/napi-v\d+\/([^/]+)(?:\/([^/]+))?/);
      if (ort && (ort[1] !== PLATFORM || (ort[2] !== undefined && ort[2] !== ARCH))) return true;
      const ff = f.match(/@(?:ffmpeg|ffprobe)-installer\/([^/]+)/);
      if (ff && !['ffmpeg', 'ffprobe', `${PLATFORM}-${ARCH}`].includes(ff[1]!)) return true;
      return /\.(dll|dylib|exe)$/i.test(f);
    });
    expect(others).toEqual([]);
  });
});
