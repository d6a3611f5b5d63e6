import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../../fixtures/cliRun.ts';
import { tempDir } from './importFixtures.ts';

/**
 * `actionline import` and `export --format label-studio` through the real bin: the cited
 * Label Studio fixture in, tasks and the labelling config out, `--format` overriding the
 * detection. Three CLI starts, about a second each.
 */

const FIXTURE = path.resolve('test/fixtures/formats/label-studio/video-timeline-export.json');

describe('actionline with Label Studio tasks', () => {
  it('imports an export, writes tasks and the config to paste, and --format overrides', async () => {
    const dir = tempDir('cli-label-studio');
    const projectFile = path.join(dir, 'p.actionline');
    const imported = await cli(['import', projectFile, FIXTURE]);
    expect(imported.stdout).toBe(
      `imported Label Studio tasks video-timeline-export.json into ${projectFile}: 3 videos (3 new), 4 segments of annotators "ann@example.org", "ls-user-1", 3 suggestions as run 1, 3 labels\n`,
    );
    expect(imported.stderr).toContain(
      `warning: ${FIXTURE}: frame numbers read at the task's "fps" for 2 videos`,
    );
    expect(imported.code).toBe(0);

    const out = path.join(dir, 'tasks.json');
    const exported = await cli(['export', projectFile, '--format', 'label-studio', '--out', out]);
    expect(exported.stdout).toBe(
      `wrote ${out}: 3 videos, 7 regions; the labelling config to paste: ${out}.config.xml\n`,
    );
    expect(exported.stderr.split('\n')).toContain(
      'completed_by: 1 = "ls-user-1", 3 = "ann@example.org" (Label Studio imports annotations only where completed_by is the user id of a member of its organisation: create those users, or change the ids, before importing)',
    );
    expect(exported.code).toBe(0);
    const tasks = JSON.parse(readFileSync(out, 'utf8')) as {
      data: unknown;
      annotations: { completed_by: number; result: { value: unknown }[] }[];
    }[];
    // Label Studio → Actionline → Label Studio: the same frames as the fixture's (26–75, 101).
    expect(tasks[0]!.annotations[0]!.result.map((r) => r.value)).toEqual([
      { ranges: [{ start: 26, end: 75 }], timelinelabels: ['Chopping'] },
      { ranges: [{ start: 101, end: 101 }], timelinelabels: ['Stirring'] },
    ]);
    expect(tasks.map((t) => t.data)).toEqual([
      // No media probed: the rates the import read the frames at.
      { video: 'kitchen_01', fps: 25 },
      { video: 'kitchen_02', fps: 24 },
      { video: 'kitchen_03', fps: 29.97 },
    ]);
    expect(readFileSync(`${out}.config.xml`, 'utf8')).toContain('frameRate="$fps"');

    const other = path.join(dir, 'other.actionline');
    const refused = await cli(['import', other, out, '--format', 'activitynet']);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${out}: expected an object, got an array of 3\n`,
    });
    expect(existsSync(other)).toBe(false);
  });
});
