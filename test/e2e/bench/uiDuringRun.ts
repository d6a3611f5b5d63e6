import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { benchVideo } from '../../fixtures/videos.ts';
import { benchTsnModel } from '../../bench/benchModels.ts';
import { prelabelArgs } from '../../bench/prelabelCommand.ts';

/**
 * `npm run bench:ui-during-run`: is the timeline still smooth while a model run takes every
 * core? The browser bench (browserBench.ts: ~200 wheel zooms and pans of a one-hour video's
 * timeline in headless Chromium) runs three times: on an idle machine, next to a pre-labelling
 * run at normal priority, and next to the same run below normal priority — the priority the
 * app gives its analysis worker (appCore.ts; the run is `actionline prelabel` of a 720p clip
 * with TSN BNInception RGB, restarted until the bench ends, under `nice`). Prints each case's
 * redraw and wheel-to-frame p50/p95/max (ms). The last line is one JSON object.
 * Needs `npm run build` (the npm script does it).
 */
const NODE = process.execPath;
const BROWSER_BENCH = path.join(import.meta.dirname, 'browserBench.ts');
const clip = await benchVideo({ durationSec: 60, widthPx: 1280, heightPx: 720 });
const tsn = await benchTsnModel();
const out = path.join(os.tmpdir(), 'actionline-ui-during-run.json');

/** A run restarted until stopped, at `niceness`. */
function backgroundRun(niceness: number): { stop(): Promise<void> } {
  let stopped = false;
  let child: ChildProcess | null = null;
  const loop = async () => {
    while (!stopped) {
      child = spawn(
        'nice',
        ['-n', String(niceness), NODE, ...prelabelArgs(clip, tsn.centerManifest, out)],
        { stdio: 'ignore', detached: true },
      );
      await new Promise((resolve) => child!.once('exit', resolve));
    }
  };
  const running = loop();
  return {
    async stop() {
      stopped = true;
      if (child?.pid) process.kill(-child.pid, 'SIGTERM'); // the whole group: worker, ffmpeg
      await running;
    },
  };
}

function browserBench(): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [BROWSER_BENCH], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(text.trim().split('\n').pop()!) as Record<string, unknown>)
        : reject(new Error(`browserBench exited ${code}`)),
    );
  });
}

const report: Record<string, unknown> = {};
for (const [name, niceness] of [
  ['idle', null],
  ['runAtNormalPriority', 0],
  ['runBelowNormal', os.constants.priority.PRIORITY_BELOW_NORMAL],
] as const) {
  const load = niceness === null ? null : backgroundRun(niceness);
  if (load) await new Promise((r) => setTimeout(r, 3000)); // the run is decoding by then
  const result = await browserBench();
  await load?.stop();
  const row = {
    redrawMs: result.redrawMs,
    wheelToFrameMs: result.wheelToFrameMs,
    openMs: result.openMs,
  };
  console.log(`${name}: ${JSON.stringify(row)}`);
  report[name] = row;
}
console.log(JSON.stringify(report));
