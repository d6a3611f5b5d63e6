import { spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { temporalIou } from '../../main/analysis/nms.ts';
import { actionVideo } from '../fixtures/actionVideos.ts';
import { badVideoFiles, motionTestVideo, type MotionTestVideo } from '../fixtures/videos.ts';

/**
 * `actionline prelabel` as a user runs it: the real bin, the forked analysis worker, real
 * ffmpeg and onnxruntime on generated videos, the results file on disk.
 */
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(NODE, [BIN, 'prelabel', ...args, '--threads', '1']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

type Entry = { label: string; score: number; segment: [number, number] };
const readResults = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    version: string;
    external_data: unknown;
    results: Record<string, Entry[]>;
  };

let dir = '';
let motion: MotionTestVideo;
let clip = '';

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-prelabel-'));
  motion = await motionTestVideo();
  clip = path.join(dir, 'v_moving clip.mp4');
  copyFileSync(motion.path, clip);
});

describe('actionline prelabel', () => {
  it('--task labelling: exactly one suggestion per moving stretch, tIoU ≥ 0.8, at the default interval', async () => {
    const out = path.join(dir, 'labelling.json');
    const r = await run([clip, '--model', 'motion', '--task', 'labelling', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const entries = readResults(out).results['v_moving clip']!;
    expect(entries).toHaveLength(motion.movingIntervalsSec.length);
    const byStart = [...entries].sort((a, b) => a.segment[0] - b.segment[0]);
    byStart.forEach((e, i) => {
      const [a, b] = motion.movingIntervalsSec[i]!;
      expect(e.label).toBe('motion');
      expect(temporalIou(e.segment[0], e.segment[1], a, b)).toBeGreaterThanOrEqual(0.8);
      expect(e.score).toBeGreaterThan(0.5);
    });
  });

  it('--task labelling with a multi-class model: each action once, its class, edges to the frame', async () => {
    const video = await actionVideo({
      durationSec: 20,
      actions: [
        { label: 'red', startSec: 2, endSec: 5 },
        { label: 'blue', startSec: 5, endSec: 8.4 },
        { label: 'green', startSec: 11.2, endSec: 12.6 },
        { label: 'red', startSec: 14, endSec: 17 },
      ],
    });
    const file = path.join(dir, 'colours.mp4');
    copyFileSync(video.path, file);
    const out = path.join(dir, 'colours.json');
    const r = await run([file, '--model', 'colour-motion', '--task', 'labelling', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const entries = [...readResults(out).results['colours']!].sort(
      (a, b) => a.segment[0] - b.segment[0],
    );
    expect(entries.map((e) => e.label)).toEqual(video.groundTruth.map((g) => g.label));
    const frameSec = 1 / video.fps;
    entries.forEach((e, i) => {
      const gt = video.groundTruth[i]!;
      // The refinement scores every frame near an edge: within one frame of the truth.
      expect(Math.abs(e.segment[0] - gt.startSec)).toBeLessThanOrEqual(frameSec + 1e-6);
      expect(Math.abs(e.segment[1] - gt.endSec)).toBeLessThanOrEqual(frameSec + 1e-6);
    });
    // Without the refinement the edges fall between the plan's snippets, a second apart.
    const coarseOut = path.join(dir, 'colours-coarse.json');
    const coarse = await run([
      ...[file, '--model', 'colour-motion', '--task', 'labelling', '--no-refine-edges'],
      ...['--out', coarseOut],
    ]);
    expect(coarse.code, coarse.stderr).toBe(0);
    const coarseEntries = readResults(coarseOut).results['colours']!;
    expect(coarseEntries).toHaveLength(entries.length);
    const worst = Math.max(
      ...[...coarseEntries]
        .sort((a, b) => a.segment[0] - b.segment[0])
        .flatMap((e, i) => [
          Math.abs(e.segment[0] - video.groundTruth[i]!.startSec),
          Math.abs(e.segment[1] - video.groundTruth[i]!.endSec),
        ]),
    );
    expect(worst).toBeGreaterThan(frameSec);
  });

  it('finds the moving stretches with the built-in motion model (tIoU ≥ 0.8)', async () => {
    const out = path.join(dir, 'motion.json');
    // Snippets every 0.5 s: segment edges fall on snippet boundaries, and at 1 s spacing a
    // 3 s stretch cannot reach tIoU 0.8 (its best tiling, [2.5, 6.5], scores 0.75).
    const r = await run([
      clip,
      '--model',
      'motion',
      '--task',
      'detection',
      '--interval',
      '0.5',
      '--out',
      out,
    ]);
    expect(r.stderr).toContain('model motion on cpu');
    expect(r.code).toBe(0);
    const file = readResults(out);
    expect(file.version).toBe('VERSION 1.3');
    expect(file.external_data).toEqual({ used: false, details: '' });
    // The id is the file name without extension, kept as it is (v_ prefix and space stay).
    const entries = file.results['v_moving clip']!;
    expect(entries.every((e) => e.label === 'motion')).toBe(true);
    for (const [start, end] of motion.movingIntervalsSec) {
      const best = Math.max(
        ...entries.map((e) => temporalIou(e.segment[0], e.segment[1], start, end)),
      );
      expect(best).toBeGreaterThanOrEqual(0.8);
    }
    // The two best segments are the two moving stretches.
    const top2 = entries
      .slice(0, 2)
      .map((e) => e.segment[0])
      .sort((a, b) => a - b);
    expect(top2[0]).toBeCloseTo(3, 0);
    expect(top2[1]).toBeCloseTo(10, 0);
    expect(existsSync(`${out}.parts`)).toBe(false);
  });

  it('writes classification results with the motion label first', async () => {
    const out = path.join(dir, 'classes.json');
    const r = await run([clip, '--task', 'classification', '--out', out]);
    expect(r.code).toBe(0);
    const entries = readResults(out).results['v_moving clip']!;
    expect(entries[0]!.label).toBe('motion');
    expect(entries[0]).not.toHaveProperty('segment');
  });

  it('goes on past bad videos, names each failure in one line, exits 1, and resumes', async () => {
    mkdirSync(path.join(dir, 'bad'), { recursive: true });
    const bad = await badVideoFiles(path.join(dir, 'bad'));
    const good = path.join(dir, 'bad', 'good.mp4');
    copyFileSync(motion.path, good);
    const out = path.join(dir, 'batch.json');
    const inputs = [bad.missing, bad.empty, bad.textAsMp4, bad.truncated, good];
    const first = await run([...inputs, '--out', out]);
    expect(first.code).toBe(1);
    for (const f of [bad.missing, bad.empty, bad.textAsMp4, bad.truncated]) {
      const line = first.stderr.split('\n').find((l) => l.startsWith('failed:') && l.includes(f));
      expect(line, `a failure line naming ${f}`).toBeDefined();
    }
    expect(first.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(Object.keys(readResults(out).results)).toEqual(['good']);
    expect(existsSync(`${out}.parts`)).toBe(true);

    // Rerun after "fixing" one input: the finished video is not redone.
    writeFileSync(bad.empty, readFileSync(motion.path));
    const second = await run([...inputs, '--out', out]);
    expect(second.stderr).toMatch(
      /done good: \d+ ranked segments, \d+ suggestions \(from the interrupted run\)/,
    );
    // Not the last video: the line also says how far the batch is and the time left.
    expect(second.stderr).toMatch(
      /done empty: \d+ ranked segments, \d+ suggestions · \d+\/\d+, ETA \d+:\d\d\n/,
    );
    expect(Object.keys(readResults(out).results).sort()).toEqual(['empty', 'good']);
  });

  it('rejects bad arguments with exit code 2', async () => {
    expect((await run([clip, '--out', path.join(dir, 'x.json'), '--interval', '0'])).code).toBe(2);
    expect((await run([clip])).code).toBe(2); // --out missing
    const a = path.join(dir, 'v_moving clip.mkv');
    copyFileSync(clip, a);
    const r = await run([clip, a, '--out', path.join(dir, 'dup.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('v_moving clip');
    expect(existsSync(path.join(dir, 'dup.json'))).toBe(false);
  });

  it('names the manifest and the field when a model manifest is invalid', async () => {
    const manifest = path.join(dir, 'broken', 'manifest.json');
    mkdirSync(path.dirname(manifest), { recursive: true });
    writeFileSync(manifest, JSON.stringify({ schemaVersion: 1, id: 'broken', name: 'x' }));
    const r = await run([clip, '--model', manifest, '--out', path.join(dir, 'y.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(manifest);
    expect(r.stderr).toMatch(/version|input|modality/);
  });
});
