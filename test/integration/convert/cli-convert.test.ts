import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../main/base/paths.ts';
import { standIn } from './helpers/standIn.ts';
import { cli } from '../../fixtures/cliRun.ts';

/**
 * `actionline convert caffe` and `actionline model check` as a user runs them. The model is
 * a TSN-shaped stand-in (data 3×224×224 → global average → fc_action, 400 classes) whose
 * class 0 ("abseiling") is the mean of the red channel and class 1 the blue one, so on a
 * red video the top class is right only if the BGR order and mean reach the model intact.
 */

/** The RGB of pixel (x, y) of an 8-bit RGB PNG without filters (as the check writes it). */
function pngPixel(file: string, x: number, y: number): [number, number, number] {
  const png = readFileSync(file);
  const width = png.readUInt32BE(16);
  let at = 8;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const o = y * (width * 3 + 1) + 1 + x * 3;
  return [raw[o]!, raw[o + 1]!, raw[o + 2]!];
}

describe('actionline convert caffe / model check', () => {
  let dir: string;
  let video: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'actionline-convert-'));
    video = path.join(dir, 'red.mp4');
    await promisify(execFile)(ffmpegPath(), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=320x240:r=25:d=2'],
      ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', video],
    ]);
  });

  it('converts with a TSN preset and the model check sees red as red', async () => {
    const { prototxt, weights } = standIn(dir, 400);
    const modelDir = path.join(dir, 'tsn-bninception-rgb');
    const convert = await cli([
      ...['convert', 'caffe', '--prototxt', prototxt, '--weights', weights],
      ...['--out', path.join(modelDir, 'model.onnx')],
      ...[
        '--manifest-out',
        path.join(modelDir, 'manifest.json'),
        '--preset',
        'tsn-bninception-rgb',
      ],
    ]);
    expect(convert.stderr).toContain('output fc_action [N, 400], global_pool [N, 3]');
    expect(convert.code).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({
      schemaVersion: 2,
      features: { output: 'global_pool', size: 3 }, // the stand-in pools its 3 input channels
      id: 'tsn-bninception-rgb',
      onnx: 'model.onnx',
      input: { name: 'data', widthPx: 224, heightPx: 224 },
      output: { name: 'fc_action', kind: 'logits' },
      labels: { file: 'labels.txt' },
    });
    expect(existsSync(path.join(modelDir, 'labels.txt'))).toBe(true);

    const png = path.join(dir, 'check.png');
    const check = await cli([
      ...['model', 'check', path.join(modelDir, 'manifest.json'), video, '--at', '1', '--out', png],
    ]);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
    const lines = check.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('1. '))).toMatch(/^1\. abseiling\b/);
    expect(lines.filter((l) => /^\d\. /.test(l))).toHaveLength(5);
    // Ten 224×224 crops stacked vertically; the centre of the first is red again.
    const [r, g, b] = pngPixel(png, 112, 112);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(40);
    expect(b).toBeLessThan(40);
  });

  it('--no-features leaves the features output out: one output, a version 1 manifest', async () => {
    const { prototxt, weights } = standIn(dir, 400);
    const modelDir = path.join(dir, 'no-features');
    const convert = await cli([
      ...['convert', 'caffe', '--prototxt', prototxt, '--weights', weights, '--no-features'],
      ...['--out', path.join(modelDir, 'model.onnx'), '--preset', 'tsn-bninception-rgb'],
      ...['--manifest-out', path.join(modelDir, 'manifest.json')],
    ]);
    expect(convert.code).toBe(0);
    expect(convert.stderr).toMatch(/output fc_action \[N, 400\] \(/);
    const manifest = JSON.parse(readFileSync(path.join(modelDir, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.features).toBeUndefined();
  });

  it('refuses a preset whose label map does not match the outputs, naming both counts', async () => {
    const { prototxt, weights } = standIn(dir, 101);
    const out = path.join(dir, 'ucf', 'model.onnx');
    const r = await cli([
      ...['convert', 'caffe', '--prototxt', prototxt, '--weights', weights, '--out', out],
      ...[
        '--manifest-out',
        path.join(dir, 'ucf', 'manifest.json'),
        '--preset',
        'tsn-bninception-rgb',
      ],
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/fc_action.*\[N, 101\].*400 classes/);
    expect(existsSync(out)).toBe(false);
  });

  it('names the layer of an unsupported type', async () => {
    const prototxt = path.join(dir, 'lrn.prototxt');
    writeFileSync(
      prototxt,
      'input: "data" input_dim: 1 input_dim: 3 input_dim: 8 input_dim: 8\n' +
        'layer { name: "norm1" type: "LRN" bottom: "data" top: "norm1" }\n',
    );
    const { weights } = standIn(dir, 400);
    const r = await cli([
      'convert',
      'caffe',
      '--prototxt',
      prototxt,
      '--weights',
      weights,
      '--out',
      path.join(dir, 'x.onnx'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`layer 'norm1' (LRN, line 2): unsupported layer type "LRN"`);
  });
});
