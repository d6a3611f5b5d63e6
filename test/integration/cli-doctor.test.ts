import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../main/diagnostics/doctorReport.ts';
import type { OnnxRuntimeReport } from '../../main/diagnostics/providers.ts';
import { SCHEMA_VERSION } from '../../main/project/migrations.ts';
import { openProjectDb } from '../../main/project/openProject.ts';

/** `actionline doctor` as a user runs it on this machine: the real bin, real onnxruntime and ffmpeg. */

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
let dir = '';

function doctor(args: string[], config = path.join(dir, 'config')) {
  const env: NodeJS.ProcessEnv = { ...process.env, ACTIONLINE_CONFIG_DIR: config };
  delete env.FFMPEG_PATH;
  delete env.FFPROBE_PATH;
  delete env.ACTIONLINE_MODELS_DIR;
  const r = spawnSync(NODE, [BIN, 'doctor', ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-doctor-'));
});

describe('actionline doctor', () => {
  it('reports this machine as JSON: the CPU provider works, auto picks a working one, ffmpeg found', () => {
    const { code, stdout } = doctor(['--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as DoctorReport;
    expect(r.os.platform).toBe(process.platform);
    expect(r.cpu.cores).toBeGreaterThan(0);
    expect(r.memory.totalBytes).toBeGreaterThan(0);
    expect(r.gpus.sources.length).toBeGreaterThan(0);

    const ort = r.onnxruntime as OnnxRuntimeReport;
    expect(ort.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(ort.backends).toContain('cpu');
    expect(ort.providers.find((p) => p.name === 'cpu')).toMatchObject({ works: true });
    const working = ort.providers.filter((p) => p.works).map((p) => p.name);
    expect(working).toContain(ort.auto.provider);
    if (!existsSync('/dev/nvidia0') && !existsSync('/dev/dri')) {
      expect(ort.auto.provider).toBe('cpu');
    }
    for (const p of ort.providers.filter((x) => !x.works)) expect(p.error).toBeTruthy();

    for (const tool of [r.ffmpeg, r.ffprobe]) {
      expect(tool.error).toBeUndefined();
      expect(tool.source).toBe('bundled');
      expect(existsSync(tool.path!)).toBe(true);
      expect(tool.version).toBeTruthy();
    }
    // The bundled build: from 2018; decodes every codec of the footage corpus; its ffprobe
    // crashes on H.264 in MPEG-TS (the reason probing falls back to ffmpeg).
    expect(r.ffmpeg.builtYear).toBe(2018);
    expect(r.ffmpeg.libavcodec).toMatch(/^58\./);
    for (const codec of ['h264', 'mpeg4', 'msmpeg4v3', 'cinepak', 'mjpeg', 'mp3', 'ac3']) {
      expect(r.ffmpeg.decodes?.[codec], codec).toBe(true);
    }
    expect(r.ffprobe.readsMpegTs).toBe(false);
    expect(r.models.exists).toBe(true);
    expect(r.models.installed).toContainEqual(
      expect.objectContaining({ id: 'motion', modality: 'motion', classes: 2 }),
    );
    expect(r.settings).toMatchObject({
      path: path.join(dir, 'config', 'settings.json'),
      exists: false,
      values: { defaultDevice: 'auto' },
      problems: [],
    });
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('prints the same as text for a bug report, and nothing else', () => {
    const { code, stdout, stderr } = doctor([]);
    expect(code).toBe(0);
    // What onnxruntime's native providers print while they are tried (e.g. WebGPU's "Couldn't
    // load Vulkan" where there is none) is not shown: the report says what each provider did.
    expect(stderr).toBe('');
    for (const heading of [
      'System',
      'GPUs',
      'Inference (onnxruntime-node)',
      'Video tools',
      'Models',
      'Settings',
      'Problems',
    ]) {
      expect(stdout).toContain(`\n${heading}\n`);
    }
    expect(stdout).toMatch(/cpu: +works \(\d+ ms\)/);
    expect(stdout).toMatch(/auto uses: +\w+/);
    expect(stdout).toMatch(
      /ffmpeg: +\S+ \(built \d{4}, libavcodec [\d.]+\) — .*ffmpeg \(bundled\)/,
    );
    expect(stdout).toMatch(/^    decodes: h264 /m);
    expect(stdout).toContain('- motion: Motion energy (built-in)');
  });

  it('describes a project file from its header, and fails for a file that is not one', () => {
    const project = path.join(dir, 'p.actionline');
    openProjectDb(project, { create: true }).close();
    const ok = doctor(['--json', '--skip-providers', project]);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as DoctorReport).project).toMatchObject({
      path: project,
      exists: true,
      isProject: true,
      schemaVersion: SCHEMA_VERSION,
    });
    expect(existsSync(`${project}-shm`)).toBe(false);

    const notProject = path.join(dir, 'notes.txt');
    writeFileSync(notProject, 'hello');
    const bad = doctor(['--skip-providers', notProject]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/error: project .*notes\.txt: not an SQLite file/);
  });

  it('follows the settings, and says when their ffmpeg is broken', () => {
    const config = path.join(dir, 'config-broken');
    const fake = path.join(dir, 'not-ffmpeg');
    writeFileSync(fake, 'not a program');
    mkdirSync(config, { recursive: true });
    writeFileSync(
      path.join(config, 'settings.json'),
      JSON.stringify({ ffmpegPath: fake, defaultDevice: 'cpu' }),
    );
    const { code, stdout } = doctor(['--json', '--skip-providers'], config);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as DoctorReport;
    expect(r.ffmpeg).toMatchObject({ path: fake, source: 'settings' });
    expect(r.ffmpeg.error).toMatch(/^ffmpeg does not run/);
    expect(r.ffprobe.error).toBeUndefined();
    expect(r.settings.values.defaultDevice).toBe('cpu');
  });
});
