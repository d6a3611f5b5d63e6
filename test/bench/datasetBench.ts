import { copyFileSync, linkSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchVideo } from '../fixtures/videos.ts';
import { benchTsnModel } from './benchModels.ts';
import { measureCommand, round3 } from './measureCommand.ts';
import { benchOption, prelabelArgs } from './prelabelCommand.ts';

/**
 * `npm run bench:dataset`: a dataset, not one video. 20 generated 640×360 H.264 videos of
 * 30–120 s (stable lengths, cached) in one folder, pre-labelled by one `actionline prelabel`
 * with TSN BNInception RGB (random weights), centre crop, a snippet a second. Against the
 * batch's floor: max(Σ decode only, inference of all snippets in one session, their CPU /
 * cores), decode in the pipeline's mode (stage.ts). Memory: the batch's peak against one
 * prelabel of its longest video (flat with count means equal). Last line: one JSON object.
 * Options: --videos <n> (default 20).
 */
const count = Number(benchOption('--videos') ?? 20);
const NODE = process.execPath;
const STAGE = path.join(import.meta.dirname, 'stage.ts');
const cores = os.availableParallelism();

const tsn = await benchTsnModel();
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-dataset-'));
const folder = path.join(dir, 'videos');
const out = path.join(dir, 'out.json');
// 30–120 s, spread and repeatable: 30 + (47·i mod 91).
const lengthsSec = Array.from({ length: count }, (_, i) => 30 + ((47 * i) % 91));
const files: string[] = [];
mkdirSync(folder);
for (const [i, durationSec] of lengthsSec.entries()) {
  const source = await benchVideo({ durationSec, widthPx: 640, heightPx: 360 });
  const link = path.join(folder, `video${String(i).padStart(2, '0')}.mp4`);
  // A hard link (the folder walk skips symlinks); a copy across filesystems.
  try {
    linkSync(source, link);
  } catch {
    copyFileSync(source, link);
  }
  files.push(link);
}
const totalSec = lengthsSec.reduce((a, b) => a + b, 0);

const batch = await measureCommand(NODE, prelabelArgs(folder, tsn.centerManifest, out));
if (batch.exitCode !== 0) throw new Error(`prelabel exited ${batch.exitCode}\n${batch.stderr}`);
const longest = files[lengthsSec.indexOf(Math.max(...lengthsSec))]!;
const single = await measureCommand(NODE, prelabelArgs(longest, tsn.centerManifest, out));

let decodeSec = 0;
let decodeCpuSec = 0;
let snippets = 0;
for (const file of files) {
  const d = await measureCommand(NODE, [STAGE, 'decode', tsn.centerManifest, file, '1', '8']);
  decodeSec += d.wallSec;
  decodeCpuSec += d.cpuSec;
  snippets += (JSON.parse(d.stdout.trim().split('\n').pop()!) as { snippets: number }).snippets;
}
const infer = await measureCommand(NODE, [
  STAGE,
  'infer',
  tsn.centerManifest,
  files[0]!,
  '1',
  '8',
  String(snippets),
]);
const floorSec = Math.max(decodeSec, infer.wallSec, (decodeCpuSec + infer.cpuSec) / cores);
const row = {
  videos: count,
  videoSec: totalSec,
  snippets,
  wallSec: round3(batch.wallSec),
  cpuSec: round3(batch.cpuSec),
  floorSec: round3(floorSec),
  overFloor: round3(batch.wallSec / floorSec),
  realTime: round3(totalSec / batch.wallSec),
  decodeOnlySec: round3(decodeSec),
  decodeCpuSec: round3(decodeCpuSec),
  inferOnlySec: round3(infer.wallSec),
  inferCpuSec: round3(infer.cpuSec),
  peakRssMB: round3(batch.peakRssMB),
  longestAlonePeakRssMB: round3(single.peakRssMB),
  cores,
};
console.log(`dataset: ${JSON.stringify(row)}`);
console.log(JSON.stringify({ dataset: row }));
