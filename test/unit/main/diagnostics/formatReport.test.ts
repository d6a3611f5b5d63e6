import { describe, expect, it } from 'vitest';
import { describeProject, type DoctorReport } from '../../../../main/diagnostics/doctorReport.ts';
import { formatDoctorReport } from '../../../../main/diagnostics/formatReport.ts';

const report: DoctorReport = {
  generatedAt: '2026-01-01T00:00:00.000Z',
  app: {
    name: 'Actionline',
    version: '0.1.0',
    packaged: true,
    root: '/opt/Actionline/resources/app.asar',
    node: '24.1.0',
    electron: '45.4.1',
  },
  os: {
    platform: 'linux',
    arch: 'x64',
    release: '6.1.0',
    version: '#1 SMP',
    distribution: 'Debian GNU/Linux 12 (bookworm)',
  },
  cpu: { model: 'AMD EPYC', cores: 16, speedMHz: 2400 },
  memory: { totalBytes: 128 * 1024 ** 3, freeBytes: 100 * 1024 ** 3 },
  gpus: {
    devices: [{ name: 'NVIDIA H200', source: 'nvidia-smi', driver: '570.86', memoryMiB: 143771 }],
    sources: [
      { name: 'nvidia-smi', found: true, detail: '1 GPU(s)' },
      { name: 'lspci', found: false, detail: 'not found' },
    ],
    deviceNodes: ['/dev/nvidia0'],
  },
  onnxruntime: {
    version: '1.30.0',
    bindingDir: '/opt/x/app.asar.unpacked/node_modules/onnxruntime-node/bin/napi-v6/linux/x64',
    backends: ['cpu', 'cuda'],
    providers: [
      { name: 'cpu', works: true, ms: 12 },
      {
        name: 'cuda',
        works: false,
        error: 'Failed to load shared library — run `actionline gpu-install`',
        ms: 3,
      },
    ],
    auto: {
      device: 'auto',
      provider: 'cpu',
      notes: ['cuda failed: Failed to load shared library', 'using cpu'],
    },
    defaultDevice: { device: 'cuda', provider: 'cpu', notes: ['cuda failed', 'using cpu'] },
  },
  ffmpeg: { path: '/opt/ffmpeg', source: 'bundled', version: '4.1' },
  ffprobe: { path: '/usr/bin/ffprobe', source: 'settings', error: 'ffprobe does not run: bad' },
  models: {
    folder: '/opt/models',
    source: 'bundled',
    exists: true,
    installed: [
      { id: 'motion', name: 'Motion', version: '2.0.0', modality: 'motion', classes: 2 },
      { id: 'broken', error: 'invalid model manifest' },
    ],
  },
  settings: {
    path: '/home/u/.config/Actionline/settings.json',
    exists: true,
    values: {
      schemaVersion: 1,
      defaultDevice: 'cuda',
      ffprobePath: '/usr/bin/ffprobe',
      preRollSec: 1,
      postRollSec: 1,
      reactionSec: 0.25,
      playNextAfterDecision: true,
      trainAfterReviewed: 3,
    },
    problems: [],
  },
  project: {
    path: '/data/p.actionline',
    exists: true,
    sizeBytes: 4096,
    isProject: true,
    schemaVersion: 1,
    walPresent: false,
  },
  workerLog: {
    path: '/home/u/.cache/actionline/logs/analysis-worker.jsonl',
    entries: [
      {
        atIso: '2026-01-01T00:00:01.000Z',
        kind: 'crash',
        code: 'WORKER_CRASHED',
        message: 'the analysis worker stopped unexpectedly (exit code 1)',
        pid: 42,
        jobs: [{ videoPath: '/data/a.mp4', modelRef: 'motion' }],
        stderrTail: 'Error: out of bounds\n    at run (session.ts:3)',
      },
    ],
  },
  problems: [{ severity: 'error', message: 'ffprobe does not run: bad' }],
};

describe('formatDoctorReport', () => {
  it('prints every part a bug report needs, one fact a line', () => {
    const text = formatDoctorReport(report);
    expect(text.split('\n')[0]).toBe('Actionline 0.1.0 — doctor report, 2026-01-01T00:00:00.000Z');
    for (const line of [
      '  electron:        45.4.1',
      '  cpu:             AMD EPYC, 16 cores, 2400 MHz',
      '  memory:          128.0 GiB (100.0 GiB free)',
      '  - NVIDIA H200 (driver 570.86, 143771 MiB) [nvidia-smi]',
      '  lspci:           — not found',
      '    cpu:           works (12 ms)',
      '    cuda:          no — Failed to load shared library — run `actionline gpu-install`',
      '  auto uses:       cpu',
      '  default device:  cuda → uses cpu',
      '  ffmpeg:          4.1 — /opt/ffmpeg (bundled)',
      '  ffprobe:         ffprobe does not run: bad (/usr/bin/ffprobe)',
      '  - motion: Motion 2.0.0, motion, 2 classes',
      '  - broken: invalid model manifest',
      '  ffprobe:         /usr/bin/ffprobe',
      '  schema version:  1',
      '  error: ffprobe does not run: bad',
      '  file:            /home/u/.cache/actionline/logs/analysis-worker.jsonl',
      '  - 2026-01-01T00:00:01.000Z crash WORKER_CRASHED: the analysis worker stopped unexpectedly (exit code 1)',
      '      job: /data/a.mp4 (model motion)',
      '      | Error: out of bounds',
      '      |     at run (session.ts:3)',
    ]) {
      expect(text).toContain(`${line}\n`);
    }
  });

  it('says when the worker log has nothing', () => {
    const text = formatDoctorReport({ ...report, workerLog: { path: '/x.jsonl', entries: [] } });
    expect(text).toContain('Analysis worker log\n  file:            /x.jsonl\n  no crashes');
  });

  it('says when onnxruntime could not be loaded', () => {
    const text = formatDoctorReport({ ...report, onnxruntime: { error: 'cannot load binding' } });
    expect(text).toContain('  error:           cannot load binding\n');
  });
});

describe('describeProject', () => {
  it('reports a missing file without throwing', () => {
    expect(describeProject('/no/such/p.actionline')).toEqual({
      path: '/no/such/p.actionline',
      exists: false,
      error: 'not found',
    });
  });
});
