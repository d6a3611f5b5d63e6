import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { videoIdFromPath } from '../../main/formats/videoId.ts';
import {
  CORPUS,
  footageCorpus,
  imageSequenceFolder,
  type CorpusCase,
} from '../fixtures/footageCorpus.ts';
import { indexCodedVideo } from '../fixtures/videos.ts';
import { cli } from '../fixtures/cliRun.ts';

/**
 * The footage corpus through the CLI as a user with a folder of mixed files meets it:
 * `check` before the batch, then `prelabel` over all of it. Every file that can give results
 * does; each failure is one line naming the file; no stack traces.
 */

let dir = '';
let files: Map<CorpusCase, string>;
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-corpus-cli-'));
  files = await footageCorpus(dir);
}, 120_000);

const refused = () => CORPUS.filter((c) => c.refusal);
const usable = () => CORPUS.filter((c) => !c.refusal);

describe('a folder of mixed real footage', () => {
  it('actionline check: one line per file, its verdict and why; exit 1 when one will fail', async () => {
    const r = await cli(['check', dir, ...refused().map((c) => files.get(c)!), '--decode']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(CORPUS.length + 1);
    for (const c of CORPUS) {
      const line = lines.find((l) => l.includes(files.get(c)!));
      const verdict = c.refusal ? 'fails' : c.truncatedAfterSec ? 'partial' : 'ready';
      expect(line, c.file).toMatch(new RegExp(`^${verdict}\\s`));
      if (c.refusal) expect(line).toContain(c.refusal);
      if (c.truncatedAfterSec) expect(line).toContain('cut short');
      if (c.needsProxy) expect(line, c.file).toContain('proxy for the player');
    }
    const partial = usable().filter((c) => c.truncatedAfterSec).length;
    expect(lines.at(-1)).toBe(
      `${CORPUS.length} files: ${usable().length - partial} ready, ${partial} partial, ${refused().length} will fail`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('actionline prelabel: results for every usable file, one line per refusal, exit 1', async () => {
    const out = path.join(dir, 'results.json');
    const inputs = [dir, ...refused().map((c) => files.get(c)!)];
    const r = await cli([
      'prelabel',
      ...inputs,
      '--model',
      'motion',
      '--out',
      out,
      '--threads',
      '1',
    ]);
    expect(r.code).toBe(1);
    const results = JSON.parse(readFileSync(out, 'utf8')) as { results: Record<string, unknown> };
    expect(Object.keys(results.results).sort()).toEqual(
      usable()
        .map((c) => videoIdFromPath(files.get(c)!))
        .sort(),
    );
    for (const c of refused()) {
      const lines = r.stderr.split('\n').filter((l) => l.includes(files.get(c)!));
      expect(lines, c.file).toHaveLength(1);
      expect(lines[0]).toMatch(/^failed: /);
      expect(lines[0]).toContain(c.refusal);
    }
    for (const c of usable().filter((k) => k.truncatedAfterSec)) {
      const lines = r.stderr.split('\n').filter((l) => l.startsWith(`partial: ${files.get(c)!}:`));
      expect(lines, c.file).toHaveLength(1);
      expect(lines[0]).toContain('cut short: its data ends at');
    }
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toContain(`${usable().length} of ${CORPUS.length} videos`);
  }, 180_000);

  it('a damaged stretch: masked, named in one line, and no segment spans it', async () => {
    // 10 s at 15 fps; frames 70–80 (4.67–5.40 s) do not decode.
    const v = await indexCodedVideo({
      fps: { num: 15, den: 1 },
      frameCount: 150,
      widthPx: 96,
      heightPx: 64,
      container: 'avi',
      damagedFrames: Array.from({ length: 11 }, (_, i) => 70 + i),
    });
    const file = path.join(dir, 'damaged tape.avi');
    copyFileSync(v.path, file);
    const out = path.join(dir, 'damaged.json');
    const r = await cli(['prelabel', file, '--model', 'motion', '--out', out, '--threads', '1']);
    expect(r.code).toBe(0); // partial results are results
    const partial = r.stderr.split('\n').filter((l) => l.startsWith('partial:'));
    expect(partial).toEqual([
      `partial: ${file}: frames do not decode in 4.6–5.6 s: no predictions there`,
    ]);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      results: Record<string, { segment: [number, number] }[]>;
    };
    const segments = results.results['damaged tape']!;
    // The whole video moves: the segment stops at the stretch and starts again after it.
    expect(segments.map((s) => s.segment.map((t) => Number(t.toFixed(2))))).toEqual([
      [0, 4.57],
      [5.57, 10],
    ]);
  }, 60_000);

  it('folders of numbered images: each a video, read at --image-fps', async () => {
    const frames = path.join(dir, 'frames');
    await imageSequenceFolder(frames, 'v_walk', 40);
    await imageSequenceFolder(frames, 'v_run', 30);
    const out = path.join(dir, 'frames.json');
    const r = await cli([
      ...['prelabel', frames, '--model', 'motion', '--out', out],
      ...['--image-fps', '15', '--threads', '1'],
    ]);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(out, 'utf8')) as {
      results: Record<string, { segment: [number, number] }[]>;
    };
    expect(Object.keys(results.results).sort()).toEqual(['v_run', 'v_walk']);
    // Every image differs from the one before: motion from the first image to the last.
    const ends = (id: string) => Math.max(...results.results[id]!.map((s) => s.segment[1]));
    expect(ends('v_walk')).toBeCloseTo(40 / 15, 6);
    expect(ends('v_run')).toBeCloseTo(30 / 15, 6);
    expect(r.stderr).toMatch(/note: .*v_walk: a folder of numbered images, read at 15 fps/);
  }, 60_000);
});
