import { defaultDerivation } from '../../main/analysis/derivation.ts';
import { ForkedAnalysisHost } from '../../main/host/forkedHost.ts';
import type { ScoreJob } from '../../main/host/protocol.ts';
import type { ScoreVideoResult } from '../../main/pipeline/scoreVideo.ts';
import { deriveScored } from '../../main/runs/videoStep.ts';
import type { ScoredSegment } from '../../shared/analysis/types.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphBuilder } from '../../models/onnx/graphBuilder.ts';
import { cached, ffmpeg } from '../fixtures/videos.ts';
import { benchTsnModel, rgbBenchManifest } from './benchModels.ts';
import { round3 } from './measureCommand.ts';

/**
 * `node test/bench/referenceDrift.ts`: how much reference-frame sampling moves what a user
 * gets, on fast motion. A 120 s 640×360 H.264 video (x264 defaults: 3 B-frames) where a test
 * pattern is crossed by two boxes moving 900 and 500 px/s (30 and 17 px a frame), scored by
 * two models at a snippet a second and every 0.5 s, exactly and from reference frames:
 * TSN BNInception RGB (random weights, centre crop), whose random weights make its top class
 * nearly constant, and a model that follows the boxes (a class per quadrant of the crop,
 * scored by its brightness), whose classes change as they move. Prints per plan: snippets moved and by how many frames,
 * score differences (max and mean |Δ| over the score range, top-1 agreement) and, for the
 * detection segments and the suggested labelling derived from each, how far each edge of
 * one lies from the nearest edge of the other (in snippets). Target: at most one snippet.
 * For scale, the same figures for the plan decoded exactly but every snippet one frame later:
 * how much the sampling phase alone moves them.
 */
const video = await cached('fastmotion', { d: 120 }, 'mp4', async (out) => {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=30:d=120'],
    ...['-f', 'lavfi', '-i', 'color=c=white:s=80x80:r=30:d=120'],
    ...['-f', 'lavfi', '-i', 'color=c=red:s=60x60:r=30:d=120'],
    ...[
      '-filter_complex',
      "[0:v][1:v]overlay=x='mod(t*900,560)':y='mod(t*300,280)'[a];" +
        "[a][2:v]overlay=x='560-mod(t*500,560)':y='mod(t*700,300)'",
    ],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', out],
  ]);
});
const tsn = await benchTsnModel();

/** Four classes, one per quadrant of the 224×224 crop: logit = 0.05 × its mean pixel value. */
function quadrantModel(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-quadrant-'));
  const g = new GraphBuilder('actionline_bench_quadrants');
  const x = g.input('data', ['N', 3, 224, 224]);
  const pooled = g.node('AveragePool', [x], { kernel_shape: [112, 112], strides: [112, 112] });
  const weights = new Float32Array(4 * 12);
  for (let q = 0; q < 4; q++) for (let c = 0; c < 3; c++) weights[q * 12 + c * 4 + q] = 0.05 / 3;
  const w = g.floats('fc_w', weights, [4, 12]);
  const b = g.floats('fc_b', new Float32Array(4));
  g.node('Gemm', [g.node('Flatten', [pooled]), w, b], { transB: 1 }, 'fc_action');
  g.output('fc_action', ['N', 4]);
  writeFileSync(path.join(dir, 'model.onnx'), g.toBytes());
  writeFileSync(path.join(dir, 'labels.txt'), 'top left\ntop right\nbottom left\nbottom right\n');
  const manifest = rgbBenchManifest({
    id: 'bench-quadrants',
    name: 'Brightness per quadrant (follows the moving boxes)',
    onnx: 'model.onnx',
  });
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return path.join(dir, 'manifest.json');
}
const models = { tsnBnInceptionRgb: tsn.centerManifest, quadrants: quadrantModel() };
const host = new ForkedAnalysisHost();
const job = (modelRef: string, intervalSec: number, exactFrames: boolean): ScoreJob => ({
  videoPath: video,
  modelRef,
  device: 'cpu',
  intraOpThreads: 0,
  plan: { kind: 'interval', intervalSec },
  batchSnippets: 8,
  decodeThreads: 0,
  ...(exactFrames ? { exactFrames: true } : {}),
});

/**
 * For each edge of `a`, the distance (seconds) to the nearest edge of a segment of `b` with
 * the same label; Infinity where `b` has none of that label.
 */
function edgeDistances(a: readonly ScoredSegment[], b: readonly ScoredSegment[]): number[] {
  return a.flatMap((seg) => {
    const edges = b.filter((x) => x.label === seg.label).flatMap((x) => [x.startSec, x.endSec]);
    return [seg.startSec, seg.endSec].map((e) =>
      Math.min(Infinity, ...edges.map((x) => Math.abs(x - e))),
    );
  });
}

function compare(exact: ScoreVideoResult, nearest: ScoreVideoResult, intervalSec: number) {
  const shifts = nearest.snippets.map((s, i) => s.startFrame - exact.snippets[i]!.startFrame);
  const k = exact.scores.classCount;
  const e = exact.scores.scores;
  const n = nearest.scores.scores;
  let range = 0;
  for (const v of e) range = Math.max(range, Math.abs(v));
  let maxDiff = 0;
  let sumDiff = 0;
  let topAgree = 0;
  for (let s = 0; s < exact.snippets.length; s++) {
    let [topE, topN] = [0, 0];
    for (let c = 0; c < k; c++) {
      const d = Math.abs(e[s * k + c]! - n[s * k + c]!);
      maxDiff = Math.max(maxDiff, d);
      sumDiff += d;
      if (e[s * k + c]! > e[s * k + topE]!) topE = c;
      if (n[s * k + c]! > n[s * k + topN]!) topN = c;
    }
    if (topE === topN) topAgree++;
  }
  const derivation = defaultDerivation('detection');
  const [de, dn] = [deriveScored(exact, derivation), deriveScored(nearest, derivation)];
  const drift = (what: 'segments' | 'suggestions') => {
    const [a, b] = [de[what] ?? [], dn[what] ?? []];
    const d = [...edgeDistances(a, b), ...edgeDistances(b, a)].map((sec) => sec / intervalSec);
    const matched = d.filter(Number.isFinite);
    return {
      count: [a.length, b.length],
      maxEdgeShiftSnippets: round3(Math.max(0, ...matched)),
      edgesMovedOverOneSnippet: matched.filter((x) => x > 1 + 1e-9).length,
      edgesWithoutTheirLabel: d.length - matched.length,
    };
  };
  return {
    snippets: shifts.length,
    moved: shifts.filter((x) => x !== 0).length,
    maxShiftFrames: Math.max(...shifts.map(Math.abs)),
    maxScoreDiffOverRange: round3(maxDiff / range),
    meanScoreDiffOverRange: round3(sumDiff / (e.length * range)),
    top1Agreement: round3(topAgree / exact.snippets.length),
    segments: drift('segments'),
    suggestions: drift('suggestions'),
  };
}

const report: Record<string, unknown> = {};
for (const [name, modelRef] of Object.entries(models)) {
  for (const intervalSec of [1, 0.5]) {
    const exact = await host.score(job(modelRef, intervalSec, true));
    const nearest = await host.score(job(modelRef, intervalSec, false));
    // The plan's own sensitivity: every snippet one frame later, decoded exactly.
    const later = await host.score({
      ...job(modelRef, intervalSec, true),
      sampleFrames: exact.snippets.map((x) => x.startFrame + 1),
    });
    const key = `${name}Every${intervalSec}s`;
    report[key] = {
      referenceFrames: compare(exact, nearest, intervalSec),
      allOneFrameLater: compare(exact, later, intervalSec),
    };
    console.log(`${key}: ${JSON.stringify(report[key])}`);
  }
}
await host.close();
console.log(JSON.stringify(report));
