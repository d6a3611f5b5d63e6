import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFlo } from '../../../main/flow/flo.ts';
import { ffmpegPath } from '../../../main/base/paths.ts';

/** `actionline flow` as a user runs it: the real bin, ffmpeg-decoded PNG and JPEG frames. */
const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
let dir = '';

function run(args: string[]) {
  const r = spawnSync(NODE, [BIN, 'flow', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-flow-'));
  const ff = (args: string[]) => {
    const r = spawnSync(ffmpegPath(), ['-v', 'error', '-y', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  // A smooth texture; frame 2 is the same scene 2 px left and 1 px up: flow (−2, −1).
  ff([
    '-f',
    'lavfi',
    '-i',
    'mandelbrot=size=100x80:rate=1',
    '-frames:v',
    '1',
    path.join(dir, 'big.png'),
  ]);
  ff(['-i', path.join(dir, 'big.png'), '-vf', 'crop=88:68:1:1', path.join(dir, 'a.png')]);
  ff(['-i', path.join(dir, 'big.png'), '-vf', 'crop=88:68:3:2', path.join(dir, 'b.png')]);
  ff(['-i', path.join(dir, 'b.png'), '-q:v', '2', path.join(dir, 'b.jpg')]);
});

describe('actionline flow', () => {
  for (const engine of ['cpu', 'onnx']) {
    it(`writes a .flo of the images' size with the known motion (--engine ${engine})`, () => {
      const out = path.join(dir, `${engine}.flo`);
      const second = engine === 'cpu' ? 'b.jpg' : 'b.png';
      const r = run([
        path.join(dir, 'a.png'),
        path.join(dir, second),
        '--out',
        out,
        '--engine',
        engine,
      ]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/flow 88×68/);
      const flow = decodeFlo(readFileSync(out));
      expect([flow.width, flow.height]).toEqual([88, 68]);
      let su = 0;
      let sv = 0;
      let n = 0;
      for (let y = 8; y < 60; y++) {
        for (let x = 8; x < 80; x++) {
          su += flow.u[y * 88 + x]!;
          sv += flow.v[y * 88 + x]!;
          n++;
        }
      }
      expect(su / n).toBeCloseTo(-2, 1);
      expect(sv / n).toBeCloseTo(-1, 1);
    });
  }
  it('refuses images of different sizes and a missing --out', () => {
    const bad = run([
      path.join(dir, 'a.png'),
      path.join(dir, 'big.png'),
      '--out',
      path.join(dir, 'x.flo'),
    ]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/differ in size/);
    expect(run([path.join(dir, 'a.png'), path.join(dir, 'b.png')]).code).not.toBe(0);
  });
});
