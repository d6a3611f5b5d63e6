import type { DoctorReport } from './doctorReport.ts';
import type { OnnxRuntimeReport } from './providers.ts';

/** Lines of a crash's stderr shown per entry (the log keeps more). */
const STDERR_LINES = 12;

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

/**
 * The report as plain text: short sections of `key: value` lines, meant to be pasted into a
 * bug report as is (the app's Diagnostics view has a "Copy" button that copies this text).
 */
export function formatDoctorReport(r: DoctorReport): string {
  const lines: string[] = [];
  const section = (title: string) => lines.push('', title);
  const row = (key: string, value: string | number | boolean | undefined) => {
    if (value !== undefined && value !== '') lines.push(`  ${`${key}:`.padEnd(16)} ${value}`);
  };

  lines.push(`${r.app.name} ${r.app.version} — doctor report, ${r.generatedAt}`);
  row('packaged', r.app.packaged ? 'yes' : 'no (development tree)');
  row('app folder', r.app.root);
  row('node', r.app.node);
  row('electron', r.app.electron);
  row('chrome', r.app.chrome);

  section('System');
  row('os', `${r.os.platform} ${r.os.arch}, ${r.os.version} (${r.os.release})`);
  row('distribution', r.os.distribution);
  row(
    'cpu',
    `${r.cpu.model}, ${r.cpu.cores} cores${r.cpu.speedMHz ? `, ${r.cpu.speedMHz} MHz` : ''}`,
  );
  row('memory', `${gib(r.memory.totalBytes)} (${gib(r.memory.freeBytes)} free)`);

  section('GPUs');
  if (r.gpus.devices.length === 0) lines.push('  none seen');
  for (const g of r.gpus.devices) {
    const extra = [g.driver && `driver ${g.driver}`, g.memoryMiB && `${g.memoryMiB} MiB`]
      .filter(Boolean)
      .join(', ');
    lines.push(`  - ${g.name}${extra ? ` (${extra})` : ''} [${g.source}]`);
  }
  for (const s of r.gpus.sources) row(s.name, s.found ? s.detail : `— ${s.detail}`);
  if (r.gpus.deviceNodes.length > 0) row('device nodes', r.gpus.deviceNodes.join(' '));

  section('Inference (onnxruntime-node)');
  if ('error' in r.onnxruntime && r.onnxruntime.error !== undefined) {
    row('error', r.onnxruntime.error);
  } else {
    const ort = r.onnxruntime as OnnxRuntimeReport;
    row('version', ort.version);
    row('binaries', ort.bindingDir);
    row('in this build', ort.backends.join(', '));
    for (const p of ort.providers) {
      row(`  ${p.name}`, p.works ? `works (${p.ms} ms)` : `no — ${p.error}`);
    }
    row('auto uses', ort.auto.provider);
    for (const n of ort.auto.notes) lines.push(`    ${n}`);
    if (ort.defaultDevice.device !== 'auto') {
      row('default device', `${ort.defaultDevice.device} → uses ${ort.defaultDevice.provider}`);
      for (const n of ort.defaultDevice.notes) lines.push(`    ${n}`);
    }
  }

  section('Video tools');
  for (const [name, b] of [
    ['ffmpeg', r.ffmpeg],
    ['ffprobe', r.ffprobe],
  ] as const) {
    if (b.error) {
      row(name, `${b.error}${b.path ? ` (${b.path})` : ''}`);
      continue;
    }
    const build = [
      b.builtYear ? `built ${b.builtYear}` : '',
      b.libavcodec ? `libavcodec ${b.libavcodec}` : '',
    ].filter(Boolean);
    row(
      name,
      `${b.version ?? 'unknown version'}${build.length ? ` (${build.join(', ')})` : ''} — ${b.path} (${b.source})`,
    );
    if (b.decodes) {
      const [yes, no] = [true, false].map((want) =>
        Object.keys(b.decodes!).filter((c) => b.decodes![c] === want),
      );
      lines.push(`    decodes: ${yes!.join(' ') || 'none of the footage codecs'}`);
      if (no!.length > 0) lines.push(`    does not decode: ${no!.join(' ')}`);
    }
    if (b.readsMpegTs === false) {
      lines.push('    crashes on H.264 MPEG-TS files: Actionline probes those with ffmpeg instead');
    }
  }

  section('Models');
  row('folder', `${r.models.folder} (${r.models.source})${r.models.exists ? '' : ' — missing'}`);
  if (r.models.installed.length === 0) lines.push('  no models installed');
  for (const m of r.models.installed) {
    lines.push(
      m.error
        ? `  - ${m.id}: ${m.error}`
        : `  - ${m.id}: ${m.name} ${m.version}, ${m.modality}, ${m.classes} classes`,
    );
  }

  section('Settings');
  row('file', `${r.settings.path}${r.settings.exists ? '' : ' (not created yet: defaults)'}`);
  row('models folder', r.settings.values.modelsFolder ?? '(built-in)');
  row('default device', r.settings.values.defaultDevice);
  row('ffmpeg', r.settings.values.ffmpegPath ?? '(bundled)');
  row('ffprobe', r.settings.values.ffprobePath ?? '(bundled)');
  for (const p of r.settings.problems) lines.push(`  ! ${p}`);

  if (r.project) {
    section('Project');
    const p = r.project;
    row('file', p.path);
    if (p.exists) {
      row('size', p.sizeBytes === undefined ? undefined : `${p.sizeBytes} bytes`);
      row('schema version', p.schemaVersion);
      row('wal file', p.walPresent ? 'present (open, or not closed cleanly)' : 'none');
    }
    row('problem', p.error);
  }

  section('Analysis worker log');
  row('file', r.workerLog.path);
  if (r.workerLog.entries.length === 0) lines.push('  no crashes or job errors recorded');
  for (const e of r.workerLog.entries) {
    lines.push(`  - ${e.atIso} ${e.kind} ${e.code}: ${e.message}`);
    for (const j of e.jobs) lines.push(`      job: ${j.videoPath} (model ${j.modelRef})`);
    for (const l of e.stderrTail?.split('\n').slice(-STDERR_LINES) ?? [])
      lines.push(`      | ${l}`);
  }

  section('Problems');
  if (r.problems.length === 0) lines.push('  none found');
  for (const p of r.problems) lines.push(`  ${p.severity}: ${p.message}`);
  return `${lines.join('\n')}\n`;
}
