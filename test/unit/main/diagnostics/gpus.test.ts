import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parseLspci,
  parseNvidiaSmi,
  parseSystemProfiler,
  parseWindowsVideoControllers,
  probeGpus,
  type ToolRunner,
} from '../../../../main/diagnostics/gpus.ts';
import { runTool } from '../../../../main/diagnostics/runTool.ts';

const absent: ToolRunner = async () => ({ ok: false, missing: true, reason: 'not found' });

describe('GPU sources', () => {
  it('parses nvidia-smi CSV', () => {
    expect(parseNvidiaSmi('NVIDIA H200, 570.86.15, 143771\nNVIDIA A10, 550.1, 23028\n')).toEqual([
      { name: 'NVIDIA H200', source: 'nvidia-smi', driver: '570.86.15', memoryMiB: 143771 },
      { name: 'NVIDIA A10', source: 'nvidia-smi', driver: '550.1', memoryMiB: 23028 },
    ]);
  });

  it('keeps only display controllers from lspci -mm', () => {
    const out = [
      '00:00.0 "Host bridge" "Intel Corporation" "440FX - 82441FX PMC" -r02 "" ""',
      '00:02.0 "VGA compatible controller" "Intel Corporation" "UHD Graphics 630" -r02 "" ""',
      '01:00.0 "3D controller" "NVIDIA Corporation" "GH100 [H200]" -ra1 "NVIDIA Corporation" "Device 1234"',
    ].join('\n');
    expect(parseLspci(out).map((g) => g.name)).toEqual([
      'Intel Corporation UHD Graphics 630',
      'NVIDIA Corporation GH100 [H200]',
    ]);
  });

  it('parses macOS and Windows answers, and survives garbage', () => {
    expect(
      parseSystemProfiler(JSON.stringify({ SPDisplaysDataType: [{ sppci_model: 'Apple M2' }] })),
    ).toEqual([{ name: 'Apple M2', source: 'system_profiler' }]);
    expect(
      parseWindowsVideoControllers('{"Name":"NVIDIA RTX 4090","DriverVersion":"32.0"}'),
    ).toEqual([{ name: 'NVIDIA RTX 4090', source: 'windows', driver: '32.0' }]);
    expect(parseSystemProfiler('nope')).toEqual([]);
    expect(parseWindowsVideoControllers('')).toEqual([]);
  });

  it('reports every source as absent on a machine with none, without failing', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gpus-'));
    const report = await probeGpus({ platform: 'linux', run: absent, root });
    expect(report.devices).toEqual([]);
    expect(report.sources).toEqual([
      { name: 'nvidia-smi', found: false, detail: 'not found' },
      { name: '/proc/driver/nvidia', found: false, detail: 'not present' },
      { name: 'lspci', found: false, detail: 'not found' },
    ]);
    expect(report.deviceNodes).toEqual([]);
  });

  it('reads the NVIDIA driver files and device nodes', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gpus-'));
    const gpu = path.join(root, 'proc/driver/nvidia/gpus/0000:01:00.0');
    mkdirSync(gpu, { recursive: true });
    writeFileSync(
      path.join(root, 'proc/driver/nvidia/version'),
      'NVRM version: NVIDIA UNIX x86_64 Kernel Module  570.86.15  Thu Jan 1 2026\n',
    );
    writeFileSync(path.join(gpu, 'information'), 'Model: \t\t NVIDIA H200\nIRQ: 42\n');
    mkdirSync(path.join(root, 'dev/dri'), { recursive: true });
    writeFileSync(path.join(root, 'dev/nvidia0'), '');
    writeFileSync(path.join(root, 'dev/nvidiactl'), '');
    writeFileSync(path.join(root, 'dev/dri/renderD128'), '');
    const report = await probeGpus({ platform: 'linux', run: absent, root });
    expect(report.devices).toEqual([
      { name: 'NVIDIA H200', source: '/proc/driver/nvidia', driver: '570.86.15' },
    ]);
    expect(report.deviceNodes).toEqual(['/dev/dri/renderD128', '/dev/nvidia0', '/dev/nvidiactl']);
  });
});

describe('runTool', () => {
  it('never throws: a missing tool, a failing one, one that works', async () => {
    expect(await runTool('actionline-no-such-tool', [])).toEqual({
      ok: false,
      missing: true,
      reason: 'not found',
    });
    const failing = await runTool(process.execPath, [
      '-e',
      'console.error("bad"); process.exit(3)',
    ]);
    expect(failing).toEqual({ ok: false, missing: false, reason: 'bad' });
    expect(await runTool(process.execPath, ['-e', 'console.log("hi")'])).toEqual({
      ok: true,
      stdout: 'hi\n',
    });
  });

  it('gives up on a tool that does not answer', async () => {
    const slow = await runTool(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], 200);
    expect(slow).toEqual({ ok: false, missing: false, reason: 'no answer within 200 ms' });
  });
});
