import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportText } from '../../main/formats/export/exportProject.ts';
import { writeTextAtomic } from '../../main/base/atomicWrite.ts';
import { Project } from '../../main/project/project.ts';
import { segmentsInLayer } from '../../main/project/segmentQueries.ts';
import { inTransaction } from '../../main/project/transaction.ts';

/**
 * `npm run bench:project`: a project of 10,000 videos and 1,000,000 segments (per video 70
 * imported ground-truth segments, 20 shared predictions, 10 manual ones of an annotator),
 * then the times of opening it, listing one video's segments and exporting it.
 * Targets: open < 1 s, ActivityNet export < 5 s. The last line is one JSON object.
 * Options: --videos <n> (default 10000), --per-video <n> (default 100), --keep (leave the file).
 */
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const videoCount = option('--videos', 10_000);
const perVideo = option('--per-video', 100);
const dir = mkdtempSync(path.join(tmpdir(), 'actionline-bench-'));
const file = path.join(dir, 'bench.actionline');
const report: Record<string, number | string> = {
  videos: videoCount,
  segments: videoCount * perVideo,
};

report.generateSec = timed(() => generate(file));
report.fileMB = round(statSync(file).size / 1e6);

let project!: Project;
report.openSec = timed(
  () => (project = Project.open(file)),
  (sec) => (report.openCpuSec = sec),
);
const alice = project.annotator('alice').id;
const middle = `video_${String(Math.floor(videoCount / 2)).padStart(5, '0')}`;
let listed = 0;
report.listOneVideoSec = timed(() => (listed = segmentsInLayer(project.db, middle, alice).length));
report.listedSegments = listed;
for (const format of ['activitynet', 'csv', 'activitynet-results'] as const) {
  let text = '';
  const buildSec = timed(
    () => (text = exportText(project.db, { format }).text),
    (sec) => (report[`${format}BuildCpuSec`] = sec),
  );
  const start = performance.now();
  await writeTextAtomic(path.join(dir, `export.${format}`), text);
  const writeSec = (performance.now() - start) / 1000;
  report[`${format}BuildSec`] = buildSec;
  report[`${format}WriteSec`] = round(writeSec);
  report[`${format}MB`] = round(Buffer.byteLength(text) / 1e6);
  console.log(
    `${format}: build ${buildSec} s (cpu ${report[`${format}BuildCpuSec`]} s), write ${round(writeSec)} s`,
  );
}
project.close();
report.targets = 'open < 1 s, activitynet export (build + write) < 5 s';
console.log(JSON.stringify(report));
if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${file}`);

/** One transaction, prepared statements, rows in bulk: generating is not what is measured. */
function generate(target: string): void {
  const p = Project.open(target, { create: true });
  const db = p.db;
  const gt = p.annotator('ground truth').id;
  const annotator = p.annotator('alice').id;
  inTransaction(db, () => {
    const runId = Number(
      db
        .prepare(
          `INSERT INTO model_runs (model_id, created_at) VALUES ('bench', '2025-01-01T00:00:00Z')`,
        )
        .run().lastInsertRowid,
    );
    const video = db.prepare(
      `INSERT INTO videos (id, position, subset, duration_sec, resolution, url, added_at)
       VALUES (?, ?, ?, ?, '1280x720', ?, '2025-01-01T00:00:00Z')`,
    );
    const segment = db.prepare(
      `INSERT INTO segments (video_id, start_sec, end_sec, label, score, provenance, run_id, annotator_id, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2025-01-01T00:00:00Z')`,
    );
    const labels = Array.from({ length: 200 }, (_, i) => `Action class ${i}`);
    const subsets = ['training', 'validation', 'testing'];
    let seed = 1;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let v = 0; v < videoCount; v++) {
      const id = `video_${String(v).padStart(5, '0')}`;
      const durationSec = 60 + random() * 240;
      video.run(id, v, subsets[v % 3]!, durationSec, `https://example.org/${id}`);
      for (let s = 0; s < perVideo; s++) {
        const startSec = random() * (durationSec - 5);
        const endSec = startSec + 0.5 + random() * 4.5;
        const label = labels[Math.floor(random() * labels.length)]!;
        const kind = s % 10;
        if (kind < 7) segment.run(id, startSec, endSec, label, null, 'imported', null, gt);
        else if (kind < 9)
          segment.run(id, startSec, endSec, label, random(), 'predicted', runId, null);
        else segment.run(id, startSec, endSec, label, null, 'manual', null, annotator);
      }
    }
  });
  p.close();
}

/** Wall seconds; the CPU seconds of this process go to `cpu` (on a busy machine they are the steadier number). */
function timed(work: () => unknown, cpu?: (sec: number) => void): number {
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  work();
  const used = process.cpuUsage(cpuStart);
  cpu?.(round((used.user + used.system) / 1e6));
  return round((performance.now() - start) / 1000);
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
