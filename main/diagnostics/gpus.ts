import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runTool, type ToolResult } from './runTool.ts';

/** One GPU as some source described it. */
export interface GpuDevice {
  name: string;
  /** Which source saw it: nvidia-smi, /proc/driver/nvidia, lspci, system_profiler, windows. */
  source: string;
  driver?: string;
  memoryMiB?: number;
}

/** Each place looked at, whether it was there, and what it said (one line). */
export interface GpuSource {
  name: string;
  found: boolean;
  detail: string;
}

export interface GpuReport {
  devices: GpuDevice[];
  sources: GpuSource[];
  /** Linux device nodes: /dev/nvidia*, /dev/dri/renderD*. */
  deviceNodes: string[];
}

export type ToolRunner = (command: string, args: readonly string[]) => Promise<ToolResult>;

export interface GpuProbeOptions {
  platform?: NodeJS.Platform;
  run?: ToolRunner;
  /** Root for /proc and /dev (tests point it at a fake tree). */
  root?: string;
}

/**
 * Lists the GPUs this machine shows, from every source available: nvidia-smi, the NVIDIA
 * driver's /proc files and lspci on Linux, system_profiler on macOS, CIM on Windows. A source
 * that is absent or fails is reported as such; nothing here throws.
 */
export async function probeGpus(options: GpuProbeOptions = {}): Promise<GpuReport> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? ((c, a) => runTool(c, a));
  const root = options.root ?? '/';
  const devices: GpuDevice[] = [];
  const sources: GpuSource[] = [];

  const tasks: Promise<void>[] = [];
  if (platform === 'linux' || platform === 'win32') {
    tasks.push(
      (async () => {
        const r = await run('nvidia-smi', [
          '--query-gpu=name,driver_version,memory.total',
          '--format=csv,noheader,nounits',
        ]);
        if (!r.ok) return void sources.push({ name: 'nvidia-smi', found: false, detail: r.reason });
        const rows = parseNvidiaSmi(r.stdout);
        devices.push(...rows);
        sources.push({ name: 'nvidia-smi', found: true, detail: `${rows.length} GPU(s)` });
      })(),
    );
  }
  if (platform === 'linux') {
    tasks.push(
      (async () => {
        const r = await run('lspci', ['-mm']);
        if (!r.ok) return void sources.push({ name: 'lspci', found: false, detail: r.reason });
        const rows = parseLspci(r.stdout);
        devices.push(...rows);
        sources.push({
          name: 'lspci',
          found: true,
          detail: `${rows.length} display controller(s)`,
        });
      })(),
    );
  }
  if (platform === 'darwin') {
    tasks.push(
      (async () => {
        const r = await run('system_profiler', ['SPDisplaysDataType', '-json']);
        if (!r.ok) {
          return void sources.push({ name: 'system_profiler', found: false, detail: r.reason });
        }
        const rows = parseSystemProfiler(r.stdout);
        devices.push(...rows);
        sources.push({ name: 'system_profiler', found: true, detail: `${rows.length} GPU(s)` });
      })(),
    );
  }
  if (platform === 'win32') {
    tasks.push(
      (async () => {
        const r = await run('powershell.exe', [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          'Get-CimInstance Win32_VideoController | Select-Object Name,DriverVersion | ConvertTo-Json -Compress',
        ]);
        if (!r.ok) return void sources.push({ name: 'windows', found: false, detail: r.reason });
        const rows = parseWindowsVideoControllers(r.stdout);
        devices.push(...rows);
        sources.push({ name: 'windows', found: true, detail: `${rows.length} GPU(s)` });
      })(),
    );
  }
  await Promise.all(tasks);

  const deviceNodes: string[] = [];
  if (platform === 'linux') {
    const proc = readProcNvidia(root);
    sources.push(proc.source);
    devices.push(...proc.devices);
    const dev = path.join(root, 'dev');
    for (const n of safeReaddir(dev))
      if (/^nvidia(\d+|ctl)$/.test(n)) deviceNodes.push(`/dev/${n}`);
    for (const n of safeReaddir(path.join(dev, 'dri'))) {
      if (n.startsWith('renderD')) deviceNodes.push(`/dev/dri/${n}`);
    }
  }
  const order = ['nvidia-smi', '/proc/driver/nvidia', 'lspci', 'system_profiler', 'windows'];
  sources.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  devices.sort((a, b) => order.indexOf(a.source) - order.indexOf(b.source));
  return { devices, sources, deviceNodes: deviceNodes.sort() };
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function parseNvidiaSmi(stdout: string): GpuDevice[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', driver, memory] = line.split(',').map((s) => s.trim());
      const memoryMiB = Number(memory);
      return {
        name,
        source: 'nvidia-smi',
        ...(driver ? { driver } : {}),
        ...(Number.isFinite(memoryMiB) && memory ? { memoryMiB } : {}),
      };
    });
}

/** `lspci -mm` lines: slot "class" "vendor" "device" …; keeps display controllers. */
export function parseLspci(stdout: string): GpuDevice[] {
  const out: GpuDevice[] = [];
  for (const line of stdout.split('\n')) {
    const fields = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    const [cls, vendor, device] = fields;
    if (!cls || !/VGA|3D|Display/i.test(cls)) continue;
    out.push({ name: `${vendor ?? ''} ${device ?? ''}`.trim(), source: 'lspci' });
  }
  return out;
}

export function parseSystemProfiler(stdout: string): GpuDevice[] {
  try {
    const json = JSON.parse(stdout) as { SPDisplaysDataType?: Record<string, unknown>[] };
    return (json.SPDisplaysDataType ?? []).map((g) => ({
      name: String(g.sppci_model ?? g._name ?? 'unknown GPU'),
      source: 'system_profiler',
    }));
  } catch {
    return [];
  }
}

export function parseWindowsVideoControllers(stdout: string): GpuDevice[] {
  try {
    const json = JSON.parse(stdout) as unknown;
    const list = (Array.isArray(json) ? json : [json]) as {
      Name?: string;
      DriverVersion?: string;
    }[];
    return list
      .filter((g) => g && g.Name)
      .map((g) => ({
        name: g.Name!,
        source: 'windows',
        ...(g.DriverVersion ? { driver: g.DriverVersion } : {}),
      }));
  } catch {
    return [];
  }
}

function readProcNvidia(root: string): { source: GpuSource; devices: GpuDevice[] } {
  const base = path.join(root, 'proc', 'driver', 'nvidia');
  const name = '/proc/driver/nvidia';
  if (!existsSync(base))
    return { source: { name, found: false, detail: 'not present' }, devices: [] };
  let driver: string | undefined;
  try {
    const version = readFileSync(path.join(base, 'version'), 'utf8');
    driver = version.match(/Kernel Module\s+(?:for\s+\S+\s+)?([\d.]+)/)?.[1];
  } catch {
    // no version file
  }
  const devices: GpuDevice[] = [];
  for (const bus of safeReaddir(path.join(base, 'gpus'))) {
    try {
      const info = readFileSync(path.join(base, 'gpus', bus, 'information'), 'utf8');
      const model = info.match(/^Model:\s*(.+)$/m)?.[1]?.trim();
      if (model) devices.push({ name: model, source: name, ...(driver ? { driver } : {}) });
    } catch {
      // unreadable entry
    }
  }
  const detail = `driver ${driver ?? 'unknown'}, ${devices.length} GPU(s)`;
  return { source: { name, found: true, detail }, devices };
}
