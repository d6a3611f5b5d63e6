import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { addVideos } from '../../../main/app/addVideos.ts';
import { analyzeVideos } from '../../../main/app/analyzeVideos.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { writeSettingsFile, DEFAULT_SETTINGS } from '../../../main/base/settings.ts';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';
import { launchChromium } from '../../e2e/helpers/chromium.ts';
import {
  hooksPage,
  requireHooks,
  Oracle,
  type OracleVideo,
  type PassCost,
} from '../../e2e/helpers/oracle.ts';
import { serve } from '../../e2e/helpers/serve.ts';
import { actionVideo } from '../../fixtures/actionVideos.ts';
import { reviewVideoSpecs } from './reviewVideos.ts';

/**
 * `npm run bench:review`: what the suggested labelling saves an annotator, measured as
 * docs/review-cost.md defines it. A scripted oracle reviews generated videos with known ground
 * truth (seed 2) in the real editor (web shell, headless Chromium, keyboard only): once from
 * scratch (no model run) and once from the built-in colour-motion model's suggestions. Each
 * pass must end with the annotator's layer equal to the ground truth (every edge within one
 * frame); the app's own review record must count the oracle's key presses. Prints actions
 * and simulated time per ground-truth segment for both passes and their ratios; the last line
 * is one JSON object. Targets: ≤ 0.5× the actions and ≤ 0.5× the simulated time.
 */
const seedAt = process.argv.indexOf('--seed');
const SEED = seedAt > 0 ? Number(process.argv[seedAt + 1]) : 2;
const LABELS = ['red', 'green', 'blue'];
const ROLLS = { preRollSec: 1, postRollSec: 1 };
const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-review-bench-'));

async function videos(): Promise<(OracleVideo & { path: string })[]> {
  const out: (OracleVideo & { path: string })[] = [];
  for (const [i, spec] of reviewVideoSpecs(SEED).entries()) {
    const video = await actionVideo(spec);
    const id = `review-${SEED}-${i + 1}`;
    const file = path.join(dir, `${id}.mp4`);
    copyFileSync(video.path, file);
    out.push({
      id,
      path: file,
      durationSec: video.durationSec,
      fps: video.fps,
      groundTruth: video.groundTruth,
    });
  }
  return out;
}

/** A project with the videos and the label set [red, green, blue]; with suggestions, a run. */
async function makeProject(
  file: string,
  list: readonly { path: string }[],
  withSuggestions: boolean,
): Promise<void> {
  const project = Project.open(file, { create: true });
  try {
    const { added, failures } = await addVideos(
      project.db,
      list.map((v) => v.path),
    );
    if (failures.length > 0) throw new Error(`could not add videos: ${JSON.stringify(failures)}`);
    setActiveLabelSet(project.db, createLabelSet(project.db, 'colours', LABELS));
    if (!withSuggestions) return;
    const host = new ForkedAnalysisHost();
    try {
      const outcome = await analyzeVideos(project.db, host, {
        videoIds: added.map((v) => v.id),
        model: 'colour-motion',
        intervalSec: 1,
        device: 'cpu',
        threads: 1,
      });
      if (outcome.failures.length > 0) throw new Error(JSON.stringify(outcome.failures));
    } finally {
      await host.close();
    }
  } finally {
    project.close();
  }
}

async function runPass(
  projectFile: string,
  list: readonly OracleVideo[],
  mode: 'scratch' | 'suggestions',
): Promise<PassCost[]> {
  const served = await serve(projectFile, path.join(dir, 'cache'));
  const browser = await launchChromium(path.join(dir, `chrome-${mode}`));
  try {
    await browser.url(hooksPage(served.url));
    await browser.$('[data-testid="video-row"]').waitForExist();
    await requireHooks(browser);
    const oracle = new Oracle(browser, LABELS);
    const costs: PassCost[] = [];
    for (const video of list) costs.push(await oracle.review(video, mode, ROLLS));
    // The editor's last report (Ctrl+Enter on the last video) is in before the check.
    await browser.$('[data-testid="video-table"]').waitForExist();
    return costs;
  } catch (err) {
    console.error(`server said:\n${served.stderr()}`);
    throw err;
  } finally {
    await browser.deleteSession();
    await served.stop();
  }
}

/** The annotator's layer of each video equals its ground truth (edges within a frame). */
function checkLayers(projectFile: string, list: readonly OracleVideo[]): string[] {
  const db = new DatabaseSync(projectFile, { readOnly: true });
  const problems: string[] = [];
  try {
    for (const video of list) {
      const rows = db
        .prepare(
          `SELECT start_sec AS startSec, end_sec AS endSec, label FROM segments
           WHERE video_id = ? AND annotator_id IS NOT NULL AND provenance != 'rejected'
           ORDER BY start_sec`,
        )
        .all(video.id) as unknown as ScoredSegment[];
      const want = [...video.groundTruth].sort((a, b) => a.startSec - b.startSec);
      const frame = 1 / video.fps + 1e-6;
      const same =
        rows.length === want.length &&
        rows.every(
          (r, i) =>
            r.label === want[i]!.label &&
            Math.abs(r.startSec - want[i]!.startSec) <= frame &&
            Math.abs(r.endSec - want[i]!.endSec) <= frame,
        );
      if (!same) {
        problems.push(
          `${video.id}: layer ${JSON.stringify(rows.map((r) => [r.label, r.startSec, r.endSec]))} ` +
            `is not the ground truth ${JSON.stringify(want.map((g) => [g.label, g.startSec, g.endSec]))}`,
        );
      }
    }
  } finally {
    db.close();
  }
  return problems;
}

/** Actions the app recorded per video (the editor's review clock). */
function recordedActions(projectFile: string): Map<string, number> {
  const db = new DatabaseSync(projectFile, { readOnly: true });
  try {
    const rows = db
      .prepare('SELECT video_id, sum(actions) AS n FROM review_activity GROUP BY video_id')
      .all() as {
      video_id: string;
      n: number;
    }[];
    return new Map(rows.map((r) => [r.video_id, r.n]));
  } finally {
    db.close();
  }
}

const sum = (costs: PassCost[], key: keyof PassCost) =>
  costs.reduce((n, c) => n + (c[key] as number), 0);
const r2 = (x: number) => Math.round(x * 100) / 100;

async function main() {
  const t0 = performance.now();
  // The oracle has no reaction time to compensate; rolls as the defaults.
  const configDir = path.join(dir, 'config');
  mkdirSync(configDir, { recursive: true });
  process.env.ACTIONLINE_CONFIG_DIR = configDir;
  writeSettingsFile(path.join(configDir, 'settings.json'), {
    ...DEFAULT_SETTINGS,
    ...ROLLS,
    reactionSec: 0,
  });
  const list = await videos();
  const scratchFile = path.join(dir, 'scratch.actionline');
  const suggestedFile = path.join(dir, 'suggested.actionline');
  await makeProject(scratchFile, list, false);
  await makeProject(suggestedFile, list, true);
  console.error(
    `${list.length} videos, projects ready in ${Math.round(performance.now() - t0)} ms (${dir})`,
  );

  const scratch = await runPass(scratchFile, list, 'scratch');
  const suggested = await runPass(suggestedFile, list, 'suggestions');
  const problems = [...checkLayers(scratchFile, list), ...checkLayers(suggestedFile, list)];
  for (const [file, costs] of [
    [scratchFile, scratch],
    [suggestedFile, suggested],
  ] as const) {
    const recorded = recordedActions(file);
    // The first video is opened from the project view (Enter), outside the editor's record.
    const expected = sum(costs, 'actions') - 1;
    const got = [...recorded.values()].reduce((a, b) => a + b, 0);
    if (got !== expected)
      problems.push(
        `${path.basename(file)}: the app recorded ${got} actions, the oracle made ${expected} in the editor`,
      );
  }

  const segments = sum(scratch, 'groundTruthSegments');
  console.log(
    'video            GT   scratch: actions  time s   suggestions: actions  time s   fixes',
  );
  for (const [i, s] of scratch.entries()) {
    const g = suggested[i]!;
    console.log(
      `${s.videoId.padEnd(16)} ${String(s.groundTruthSegments).padStart(2)}` +
        `   ${String(s.actions).padStart(16)} ${s.simulatedSec.toFixed(1).padStart(7)}` +
        `   ${String(g.actions).padStart(20)} ${g.simulatedSec.toFixed(1).padStart(7)}` +
        `   edges ${g.edgeFixes}, relabels ${g.relabels}, rejected ${g.rejected}, missed ${g.missed}`,
    );
  }
  const result = {
    seed: SEED,
    videos: list.length,
    groundTruthSegments: segments,
    scratch: {
      actions: sum(scratch, 'actions'),
      simulatedSec: r2(sum(scratch, 'simulatedSec')),
      actionsPerSegment: r2(sum(scratch, 'actions') / segments),
      simulatedSecPerSegment: r2(sum(scratch, 'simulatedSec') / segments),
    },
    suggestions: {
      actions: sum(suggested, 'actions'),
      simulatedSec: r2(sum(suggested, 'simulatedSec')),
      actionsPerSegment: r2(sum(suggested, 'actions') / segments),
      simulatedSecPerSegment: r2(sum(suggested, 'simulatedSec') / segments),
      accepted: sum(suggested, 'accepted'),
      edgeFixes: sum(suggested, 'edgeFixes'),
      relabels: sum(suggested, 'relabels'),
      rejected: sum(suggested, 'rejected'),
      missed: sum(suggested, 'missed'),
    },
    actionsRatio: r2(sum(suggested, 'actions') / sum(scratch, 'actions')),
    timeRatio: r2(sum(suggested, 'simulatedSec') / sum(scratch, 'simulatedSec')),
    targets: 'actionsRatio ≤ 0.5, timeRatio ≤ 0.5',
    benchSec: Math.round((performance.now() - t0) / 1000),
    problems,
  };
  console.log(
    `per ground-truth segment: scratch ${result.scratch.actionsPerSegment} actions, ${result.scratch.simulatedSecPerSegment} s; ` +
      `suggestions ${result.suggestions.actionsPerSegment} actions, ${result.suggestions.simulatedSecPerSegment} s; ` +
      `ratios ${result.actionsRatio} (actions), ${result.timeRatio} (time)`,
  );
  for (const p of problems) console.error(`problem: ${p}`);
  console.log(JSON.stringify(result));
  if (problems.length > 0) process.exitCode = 1;
}

await main();
