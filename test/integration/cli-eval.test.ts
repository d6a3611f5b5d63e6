import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/** `actionline eval …` as a user runs it: the real bin, files on disk, stdout / stderr / exit code. */

const NODE = path.resolve('node_modules/.bin/node');
const BIN = path.resolve('main/cli/bin.mjs');
let dir = '';

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [BIN, 'eval', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const results = (r: object) => ({
  version: 'VERSION 1.3',
  external_data: { used: false },
  results: r,
});
const segmentGt = (annotations: object[], subset = 'validation') => ({
  subset,
  duration: 60,
  annotations,
});

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cli-eval-'));
  write('gt.json', {
    version: 'VERSION 1.3',
    taxonomy: [],
    database: {
      v1: segmentGt([
        { segment: [10, 20], label: 'Jump' },
        { segment: [30, 40], label: 'Jump' },
      ]),
      v2: segmentGt([{ segment: [0, 10], label: 'Run' }]),
      t1: segmentGt([{ segment: [0, 10], label: 'Swim' }], 'training'),
    },
  });
  write(
    'det.json',
    results({
      v1: [
        { label: 'Jump', score: 0.9, segment: [10, 20] },
        { label: 'Jump', score: 0.8, segment: [10, 20] },
      ],
      v2: [{ label: 'Run', score: 0.7, segment: [0, 10] }],
    }),
  );
  write(
    'cls.json',
    results({
      v1: [
        { label: 'Run', score: 0.9 },
        { label: 'Jump', score: 0.5 },
      ],
      v2: [{ label: 'Run', score: 0.9 }],
    }),
  );
  write(
    'prop.json',
    results({ v1: [{ score: 0.9, segment: [10, 20] }], v2: [{ score: 0.9, segment: [0, 10] }] }),
  );
  write('prefixed.json', results({ v_v2: [{ label: 'Run', score: 0.7, segment: [0, 10] }] }));
  write('empty.json', results({}));
  write('bad.json', results({ v1: [{ label: 'Jump', score: 0.9, segment: [20, 10] }] }));
  write('exclude.txt', 'v1\n');
});

describe('actionline eval --json', () => {
  it('detection prints one JSON object of the documented shape', () => {
    const { code, stdout, stderr } = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'det.json'),
      '--json',
    );
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['tiouThresholds', 'mAP', 'averageMAP', 'apPerClass']);
    expect(json.tiouThresholds[8]).toBe(0.8999999999999999);
    // Jump: TP then a duplicate (FP) of 2 instances → 0.5; Run: 1 → mAP 0.75.
    expect(json.apPerClass).toEqual({ Jump: new Array(10).fill(0.5), Run: new Array(10).fill(1) });
    expect(json.mAP).toEqual(new Array(10).fill(0.75));
    expect(json.averageMAP).toBe(0.75);
    expect(stderr).toBe('');
  });

  it('classification prints mAP, hit@k, average hit@k and k', () => {
    const { code, stdout } = run(
      'classification',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'cls.json'),
      '--json',
      '--top-k',
      '1',
    );
    expect(code).toBe(0);
    // Jump: v1 .5 TP → 1; Run (1 video): v1 .9 FP, v2 .9 TP (tie: input order) → 1·.5. hit@1: v1 ✗, v2 ✓.
    expect(JSON.parse(stdout)).toEqual({
      mAP: (1 + 0.5) / 2,
      hitAtK: 0.5,
      avgHitAtK: 0.5,
      topK: 1,
    });
  });

  it('proposals prints AUC in percent and 100-point curves', () => {
    const { code, stdout } = run(
      'proposals',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'prop.json'),
      '--json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual(['auc', 'averageRecall', 'averageNumberOfProposals']);
    expect(json.averageRecall).toHaveLength(100);
    expect(json.averageNumberOfProposals).toHaveLength(100);
    // 2 of 3 instances recalled with every budget (ten 2/3 added in order, / 10: last bit differs).
    expect(json.averageRecall[0]).toBeCloseTo(2 / 3, 15);
    expect(json.auc).toBeCloseTo((100 * (2 / 3) * 99) / 100, 10);
  });

  it('prints null, never NaN, for undefined numbers', () => {
    const { code, stdout, stderr } = run(
      'proposals',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'empty.json'),
      '--json',
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('NaN');
    expect(JSON.parse(stdout).auc).toBeNull();
    expect(stderr).toContain('warning: the results have no proposals');
  });

  it('warns on stderr about v_ prefixes and keeps stdout pure JSON', () => {
    const args = [
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'prefixed.json'),
      '--json',
    ];
    const plain = run(...args);
    expect(plain.code).toBe(0);
    expect(plain.stderr).toMatch(
      /^warning: 1 results video ids differ from ground-truth ids only by a "v_" prefix/m,
    );
    expect(JSON.parse(plain.stdout).apPerClass.Run[0]).toBe(0);
    const matched = run(...args, '--match-v-prefix');
    expect(JSON.parse(matched.stdout).apPerClass.Run[0]).toBe(1);
  });

  it('evaluates a file of the suggested labelling and says that mAP wants the ranked detections', () => {
    const marked = write('suggestions.json', {
      ...results({ v1: [{ label: 'Jump', score: 0.9, segment: [10, 20] }] }),
      actionline: { product: 'suggestions' },
    });
    const gt = path.join(dir, 'gt.json');
    const r = run('detection', '--gt', gt, '--pred', marked, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `warning: ${marked} holds the suggested labelling (prelabel --task labelling)`,
    );
    expect(JSON.parse(r.stdout).apPerClass.Jump[0]).toBe(0.5);
    const ranked = run('detection', '--gt', gt, '--pred', path.join(dir, 'det.json'), '--json');
    expect(ranked.stderr).not.toMatch(/suggested labelling/);
  });

  it('leaves out the videos of --exclude and evaluates --subset', () => {
    const excluded = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'det.json'),
      '--json',
      '--exclude',
      path.join(dir, 'exclude.txt'),
    );
    expect(JSON.parse(excluded.stdout).apPerClass).toEqual({ Run: new Array(10).fill(1) });
    const training = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'det.json'),
      '--json',
      '--subset',
      'training',
    );
    expect(JSON.parse(training.stdout).mAP).toEqual(new Array(10).fill(0));
  });
});

describe('actionline eval, tables and errors', () => {
  it('prints an aligned table without --json', () => {
    const { code, stdout } = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'det.json'),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('average mAP: 75.00 %');
    expect(stdout).toMatch(/^mAP \(%\) +75\.00 +75\.00/m);
  });

  it('exits 2 for a missing option or a bad value', () => {
    expect(run('detection', '--pred', path.join(dir, 'det.json')).code).toBe(2);
    const topK = run(
      'classification',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'cls.json'),
      '--top-k',
      'three',
    );
    expect(topK.code).toBe(2);
    expect(topK.stderr.trim()).toBe('error: --top-k: expected a positive integer, got "three"');
    const subset = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'det.json'),
      '--subset',
      'val',
    );
    expect(subset.code).toBe(2);
    expect(subset.stderr).toContain('--subset val: no video of');
    expect(run('segmentation', '--gt', 'x', '--pred', 'y').code).toBe(2);
  });

  it('exits 1 with one line for a missing or invalid file', () => {
    const missing = run(
      'detection',
      '--gt',
      path.join(dir, 'nope.json'),
      '--pred',
      path.join(dir, 'det.json'),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`error: ${path.join(dir, 'nope.json')}: file not found\n`);
    const bad = run(
      'detection',
      '--gt',
      path.join(dir, 'gt.json'),
      '--pred',
      path.join(dir, 'bad.json'),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      `error: ${path.join(dir, 'bad.json')}: results.v1[0].segment: end 10 is before start 20\n`,
    );
    expect(bad.stdout).toBe('');
  });
});
