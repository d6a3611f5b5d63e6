import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Device } from '../inference/executionProviders.ts';
import { installedModelIds, loadModel } from '../inference/manifest.ts';
import {
  appRoot,
  isPackaged,
  resolveFfmpeg,
  resolveFfprobe,
  resolveModelsDir,
  type ResolvedPath,
} from '../base/paths.ts';
import { checkSettings, loadSettings, type Settings } from '../base/settings.ts';
import { readWorkerLog, workerLogPath, type WorkerLogEntry } from '../base/workerLog.ts';
import { probeGpus, type GpuReport } from './gpus.ts';
import type { OnnxRuntimeReport } from './providers.ts';
import { runTool } from './runTool.ts';
import { ffmpegFacts, ffprobeReadsMpegTs, type FfmpegFacts } from './videoToolFacts.ts';

/**
 * `actionline doctor` and the app's Diagnostics view: everything a bug report needs about
 * this machine and this install, gathered without ever failing (each part that cannot be
 * found says why). Plain data, so the app can show it and the CLI can print it or emit JSON.
 */
export interface DoctorReport {
  generatedAt: string;
  app: {
    name: string;
    version: string;
    packaged: boolean;
    root: string;
    node: string;
    electron?: string;
    chrome?: string;
  };
  os: { platform: string; arch: string; release: string; version: string; distribution?: string };
  cpu: { model: string; cores: number; speedMHz?: number };
  memory: { totalBytes: number; freeBytes: number };
  gpus: GpuReport;
  onnxruntime: (OnnxRuntimeReport & { error?: undefined }) | { error: string };
  ffmpeg: BinaryReport;
  ffprobe: BinaryReport;
  models: {
    folder: string;
    source: ResolvedPath['source'] | 'unknown';
    exists: boolean;
    installed: ModelEntry[];
  };
  settings: { path: string; exists: boolean; values: Settings; problems: string[] };
  project?: ProjectReport;
  /** The last crashes of the analysis worker and job errors inside it (main/base/workerLog.ts). */
  workerLog: { path: string; entries: WorkerLogEntry[] };
  /** What keeps the app from working (errors) or from using a GPU (warnings), one line each. */
  problems: { severity: 'error' | 'warning'; message: string }[];
}

export interface BinaryReport extends FfmpegFacts {
  path?: string;
  source?: ResolvedPath['source'];
  /** The version the binary prints (`ffmpeg version 4.1` → "4.1"). */
  version?: string;
  error?: string;
  /** ffprobe: whether it reads MPEG-TS (the bundled one crashes; ffmpeg then probes). */
  readsMpegTs?: boolean;
}

export interface ModelEntry {
  id: string;
  name?: string;
  version?: string;
  modality?: string;
  classes?: number;
  error?: string;
}

export interface ProjectReport {
  path: string;
  exists: boolean;
  sizeBytes?: number;
  /** Read from the SQLite header without opening the file (an open app's project is untouched). */
  isProject?: boolean;
  schemaVersion?: number;
  walPresent?: boolean;
  error?: string;
}

export interface DoctorOptions {
  /** A project file to describe. */
  project?: string;
  /** Skip the onnxruntime provider checks (they load the native binding and try each provider). */
  skipProviders?: boolean;
}

/** Enough to see a pattern; the file has the rest. */
const WORKER_LOG_ENTRIES = 5;

export async function collectDoctorReport(options: DoctorOptions = {}): Promise<DoctorReport> {
  const loadedSettings = loadSettings();
  const settingsProblems = [...loadedSettings.problems, ...checkSettings(loadedSettings.settings)];
  const [gpus, ffmpeg, ffprobe, onnxruntime] = await Promise.all([
    probeGpus(),
    describeBinary('ffmpeg', resolveFfmpeg),
    describeBinary('ffprobe', resolveFfprobe),
    options.skipProviders
      ? Promise.resolve({ error: 'not checked (--skip-providers)' })
      : checkProviders(loadedSettings.settings.defaultDevice),
  ]);
  if (!ffmpeg.error && !ffprobe.error && ffmpeg.path && ffprobe.path) {
    const readsMpegTs = await ffprobeReadsMpegTs(ffmpeg.path, ffprobe.path);
    if (readsMpegTs !== undefined) ffprobe.readsMpegTs = readsMpegTs;
  }
  const cpus = os.cpus();
  const report: DoctorReport = {
    generatedAt: new Date().toISOString(),
    app: appInfo(),
    os: {
      platform: process.platform,
      arch: process.arch,
      release: os.release(),
      version: os.version(),
      ...optional('distribution', linuxDistribution()),
    },
    cpu: {
      model: cpus[0]?.model.trim() || 'unknown',
      cores: os.availableParallelism(),
      ...optional('speedMHz', cpus[0]?.speed || undefined),
    },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    gpus,
    onnxruntime,
    ffmpeg,
    ffprobe,
    models: await describeModels(),
    settings: {
      path: loadedSettings.path,
      exists: loadedSettings.exists,
      values: loadedSettings.settings,
      problems: settingsProblems,
    },
    workerLog: { path: workerLogPath(), entries: readWorkerLog(WORKER_LOG_ENTRIES) },
    problems: [],
  };
  if (options.project !== undefined) report.project = describeProject(options.project);
  report.problems = findProblems(report);
  return report;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function appInfo(): DoctorReport['app'] {
  let version = 'unknown';
  let name = 'Actionline';
  try {
    const pkg = JSON.parse(readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as {
      version?: string;
      productName?: string;
    };
    version = pkg.version ?? version;
    name = pkg.productName ?? name;
  } catch {
    // no package.json next to the app
  }
  const versions = process.versions as NodeJS.ProcessVersions & {
    electron?: string;
    chrome?: string;
  };
  return {
    name,
    version,
    packaged: isPackaged(),
    root: appRoot,
    node: process.versions.node,
    ...optional('electron', versions.electron),
    ...optional('chrome', versions.chrome),
  };
}

function linuxDistribution(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    return text.match(/^PRETTY_NAME="?([^"\n]*)"?$/m)?.[1];
  } catch {
    return undefined;
  }
}

async function checkProviders(defaultDevice: Device): Promise<DoctorReport['onnxruntime']> {
  try {
    // Loaded here, not at the top: a broken onnxruntime install is a line in the report.
    const { checkOnnxRuntime } = await import('./providers.ts');
    return await checkOnnxRuntime(defaultDevice);
  } catch (err) {
    return { error: (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim() };
  }
}

async function describeBinary(
  tool: 'ffmpeg' | 'ffprobe',
  resolve: () => ResolvedPath,
): Promise<BinaryReport> {
  let resolved: ResolvedPath;
  try {
    resolved = resolve();
  } catch (err) {
    return { error: `no ${tool} found: ${err instanceof Error ? err.message : String(err)}` };
  }
  const r = await runTool(resolved.path, ['-version'], 10_000);
  if (!r.ok) {
    return {
      path: resolved.path,
      source: resolved.source,
      error: `${tool} does not run: ${r.reason}`,
    };
  }
  const first = r.stdout.split('\n')[0] ?? '';
  const version = first.match(/version\s+(\S+)/)?.[1];
  const facts = tool === 'ffmpeg' ? await ffmpegFacts(resolved.path, r.stdout) : {};
  return {
    path: resolved.path,
    source: resolved.source,
    ...optional('version', version),
    ...facts,
  };
}

async function describeModels(): Promise<DoctorReport['models']> {
  let resolved: ResolvedPath;
  try {
    resolved = resolveModelsDir();
  } catch (err) {
    return { folder: String(err), source: 'unknown', exists: false, installed: [] };
  }
  const installed: ModelEntry[] = [];
  for (const id of installedModelIds()) {
    try {
      const m = await loadModel(path.join(resolved.path, id, 'manifest.json'));
      installed.push({
        id,
        name: m.manifest.name,
        version: m.manifest.version,
        modality: m.manifest.modality,
        classes: m.labels.length,
      });
    } catch (err) {
      installed.push({ id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  return {
    folder: resolved.path,
    source: resolved.source,
    exists: existsSync(resolved.path),
    installed,
  };
}

const SQLITE_MAGIC = 'SQLite format 3\0';
const PROJECT_APPLICATION_ID = 0x41434c4e; // "ACLN", main/project/openProject.ts

/** Reads the first 100 bytes only: no SQLite connection, so no -wal/-shm appear beside it. */
export function describeProject(file: string): ProjectReport {
  const abs = path.resolve(file);
  let st;
  try {
    st = statSync(abs);
  } catch {
    return { path: abs, exists: false, error: 'not found' };
  }
  if (st.isDirectory())
    return { path: abs, exists: true, error: 'is a folder, not a project file' };
  const report: ProjectReport = {
    path: abs,
    exists: true,
    sizeBytes: st.size,
    walPresent: existsSync(`${abs}-wal`),
  };
  try {
    const fd = openSync(abs, 'r');
    const header = Buffer.alloc(100);
    let n = 0;
    try {
      n = readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
    if (n === 0) return { ...report, isProject: false, error: 'empty file' };
    if (n < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC) {
      return { ...report, isProject: false, error: 'not an SQLite file' };
    }
    const applicationId = header.readUInt32BE(68);
    report.schemaVersion = header.readUInt32BE(60);
    report.isProject = applicationId === PROJECT_APPLICATION_ID;
    if (!report.isProject) report.error = 'an SQLite file, but not an Actionline project';
  } catch (err) {
    report.error = (err as Error).message;
  }
  return report;
}

function findProblems(r: DoctorReport): DoctorReport['problems'] {
  const problems: DoctorReport['problems'] = [];
  const error = (message: string) => problems.push({ severity: 'error', message });
  const warning = (message: string) => problems.push({ severity: 'warning', message });
  if (r.ffmpeg.error) error(r.ffmpeg.error);
  if (r.ffprobe.error) error(r.ffprobe.error);
  if ('error' in r.onnxruntime && r.onnxruntime.error !== undefined) {
    if (!r.onnxruntime.error.startsWith('not checked')) {
      error(`onnxruntime: ${r.onnxruntime.error}`);
    }
  } else {
    const ort = r.onnxruntime as OnnxRuntimeReport;
    if (!ort.providers.some((p) => p.name === 'cpu' && p.works)) {
      error('onnxruntime: the CPU provider does not work');
    }
    const nvidia = r.gpus.devices.some((d) => /nvidia/i.test(d.name) || d.source === 'nvidia-smi');
    const cuda = ort.providers.find((p) => p.name === 'cuda');
    if (nvidia && cuda && !cuda.works)
      warning(`an NVIDIA GPU is present but cuda does not work: ${cuda.error}`);
    const chosen = ort.defaultDevice;
    if (chosen.device !== 'auto' && chosen.provider !== chosen.device) {
      warning(`the default device ${chosen.device} falls back to ${chosen.provider}`);
    }
  }
  if (!r.models.exists) error(`models folder ${r.models.folder} does not exist`);
  for (const m of r.models.installed) if (m.error) warning(`model ${m.id}: ${m.error}`);
  for (const p of r.settings.problems) warning(`settings ${r.settings.path}: ${p}`);
  if (r.project?.error) error(`project ${r.project.path}: ${r.project.error}`);
  return problems;
}
