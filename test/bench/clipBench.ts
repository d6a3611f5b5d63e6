import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchVideo } from '../fixtures/videos.ts';
import { benchTsnModel } from './benchModels.ts';
import { measureCommand, median, round3, type CommandMeasure } from './measureCommand.ts';
import { benchOption, prelabelArgs } from './prelabelCommand.ts';

/**
 * `npm run bench:clips`: one 1280×720 H.264 clip (30 fps, GOP 250; 180 s and 60 s) pre-labelled
 * with TSN BNInception RGB (random weights), centre crop, a snippet a second, by:
 *   actionline       `actionline prelabel` as a user runs it (reference-frame sampling)
 *   actionlineExact  the same with --exact-frames
 *   pyavOrt          the script an ML engineer would write (scripts/pyav_tsn.py: PyAV, cv2,
 *                    onnxruntime), where some python3 imports av, cv2 and onnxruntime
 *   pyavDnn          the same script with cv2.dnn instead of onnxruntime
 *   opencv           cv2.VideoCapture + cv2.dnn in sequence (scripts/opencv_tsn.py)
 * and the floor of Actionline's pipeline: max(decode only, inference only, their CPU / cores)
 * in the decode mode the pipeline uses (stage.ts). Cases alternate over --rounds (default 3);
 * medians; every ratio comes from this run. The last line is one JSON object.
 * Options: --rounds <n>, --clip <sec> (one clip only).
 */
const rounds = Number(benchOption('--rounds') ?? 3);
const clips = benchOption('--clip') ? [Number(benchOption('--clip'))] : [180, 60];
const NODE = process.execPath;
const STAGE = path.join(import.meta.dirname, 'stage.ts');
const SCRIPTS = path.join(import.meta.dirname, 'scripts');
const cores = os.availableParallelism();
const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'actionline-clipbench-')), 'out.json');

/** The first python3 that imports every module, or null (the message says which failed). */
function pythonWith(modules: string[]): { python: string | null; why: string } {
  const why: string[] = [];
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
    if (r.status === 0) return { python, why: '' };
    why.push(`${python}: ${(r.stderr || String(r.error)).trim().split('\n').pop()}`);
  }
  return { python: null, why: why.join('; ') };
}

const tsn = await benchTsnModel();
const onnx = path.join(path.dirname(tsn.centerManifest), 'model.onnx');
const ort = pythonWith(['av', 'cv2', 'numpy', 'onnxruntime']);
const dnn = pythonWith(['av', 'cv2', 'numpy']);
const cv = pythonWith(['cv2', 'numpy']);

type Runner = (clip: string) => Promise<CommandMeasure>;
const prelabel =
  (...extra: string[]): Runner =>
  (clip) =>
    measureCommand(NODE, prelabelArgs(clip, tsn.centerManifest, out, ...extra));
const script = (python: string | null, file: string, ...extra: string[]): Runner | null =>
  python
    ? (clip) => measureCommand(python, [path.join(SCRIPTS, file), clip, onnx, ...extra])
    : null;

const cases: [string, Runner | null, string][] = [
  ['actionline', prelabel(), ''],
  ['actionlineExact', prelabel('--exact-frames'), ''],
  ['pyavOrt', script(ort.python, 'pyav_tsn.py', '--engine', 'ort'), ort.why],
  ['pyavDnn', script(dnn.python, 'pyav_tsn.py', '--engine', 'dnn'), dnn.why],
  ['opencv', script(cv.python, 'opencv_tsn.py'), cv.why],
];
for (const [name, run, why] of cases) if (!run) console.log(`${name}: skipped (${why})`);

const stage = (name: string, clip: string) =>
  measureCommand(NODE, [STAGE, name, tsn.centerManifest, clip, '1', '8']);

const report: Record<string, unknown> = { cores, rounds };
for (const clipSec of clips) {
  const clip = await benchVideo({ durationSec: clipSec, widthPx: 1280, heightPx: 720 });
  const runs = new Map<string, CommandMeasure[]>();
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? cases : [...cases].reverse();
    for (const [name, run] of order) {
      if (!run) continue;
      const m = await run(clip);
      if (m.exitCode !== 0)
        throw new Error(`${name} on ${clipSec} s: exit ${m.exitCode}\n${m.stderr}`);
      runs.set(name, [...(runs.get(name) ?? []), m]);
    }
  }
  const decode = await stage('decode', clip);
  const infer = await stage('infer', clip);
  const floorSec = Math.max(decode.wallSec, infer.wallSec, (decode.cpuSec + infer.cpuSec) / cores);
  const row: Record<string, unknown> = {
    floorSec: round3(floorSec),
    decodeOnlySec: round3(decode.wallSec),
    decodeCpuSec: round3(decode.cpuSec),
    inferOnlySec: round3(infer.wallSec),
    inferCpuSec: round3(infer.cpuSec),
  };
  const wall = (name: string) => median((runs.get(name) ?? []).map((m) => m.wallSec));
  for (const [name, measured] of runs) {
    row[name] = {
      wallSec: round3(wall(name)),
      cpuSec: round3(median(measured.map((m) => m.cpuSec))),
      peakRssMB: round3(median(measured.map((m) => m.peakRssMB))),
      overActionline: round3(wall(name) / wall('actionline')),
    };
  }
  row.actionlineOverFloor = round3(wall('actionline') / floorSec);
  row.actionlineRealTime = round3(clipSec / wall('actionline'));
  console.log(`${clipSec} s clip: ${JSON.stringify(row)}`);
  report[`clip${clipSec}s`] = row;
}
console.log(JSON.stringify(report));
