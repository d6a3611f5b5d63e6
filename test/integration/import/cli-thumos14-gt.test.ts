import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../fixtures/cliRun.ts';
import { tempDir } from './importFixtures.ts';

/**
 * `actionline import` of a folder (THUMOS14 ground truth, detected) and `export --format
 * thumos14-gt` to a folder, through the real bin. Two CLI starts.
 */

const FIXTURE = path.resolve('test/fixtures/formats/thumos14-gt');

describe('actionline with THUMOS14 ground truth', () => {
  it('imports a folder of per-class files and writes one back', async () => {
    const dir = tempDir('cli-thumos14-gt');
    const projectFile = path.join(dir, 'p.actionline');
    const imported = await cli(['import', projectFile, FIXTURE]);
    expect(imported.stdout).toBe(
      `imported ground truth thumos14-gt into ${projectFile}: 3 videos (3 new), 6 segments, 3 labels as annotator "ground truth"\n`,
    );
    expect(imported.stderr).toContain('2 Ambiguous segment(s) left out');
    expect(imported.code).toBe(0);
    const out = path.join(dir, 'gt');
    const exported = await cli(['export', projectFile, '--format', 'thumos14-gt', '--out', out]);
    expect(exported.stdout).toBe(`wrote ${out}: 3 videos, 6 segments\n`);
    expect(exported.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'BaseballPitch_val.txt',
      'CliffDiving_val.txt',
      'Diving_val.txt',
    ]);
    expect(readFileSync(path.join(out, 'Diving_val.txt'), 'utf8')).toBe(
      readFileSync(path.join(FIXTURE, 'Diving_val.txt'), 'utf8').replace(/3\.0 /, '3 '),
    );
  });
});
