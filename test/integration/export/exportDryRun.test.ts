import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main.ts';
import { Project } from '../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../main/project/runs.ts';
import { addSegment } from '../../../main/project/segmentEdits.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { projectDigest } from '../import/importFixtures.ts';

/**
 * `actionline export --dry-run`, in-process through the CLI's main: the report of what the
 * file would hold and leave out on stdout, no file written, the project unchanged, and the
 * export's own error (and exit code) where it would fail.
 */

let out: string[] = [];
let err: string[] = [];
let dir = '';
let projectFile = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'dry-export-'));
  projectFile = path.join(dir, 'p.actionline');
  const project = Project.open(projectFile, { create: true });
  const alice = project.annotator('alice').id;
  upsertVideo(project.db, {
    id: 'b',
    subset: 'validation',
    durationSec: 30,
    fpsNum: 25,
    fpsDen: 1,
  });
  addSegment(project.db, alice, 'b', { startSec: 0.5, endSec: 4, label: 'Diving' });
  addSegment(project.db, alice, 'b', { startSec: 5, endSec: 6, label: 'Knitting' });
  const runId = createRun(project.db, { modelId: 'm', streams: [] });
  replacePredictions(
    project.db,
    runId,
    'b',
    [
      { startSec: 1, endSec: 2, label: 'Diving', score: 0.5 },
      { startSec: 3, endSec: 4, label: 'Knitting', score: 0.4 },
    ],
    [],
  );
  project.close();
});

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
});
afterEach(() => {
  vi.restoreAllMocks();
});

function digest(): string {
  const project = Project.open(projectFile);
  try {
    return projectDigest(project.db);
  } finally {
    project.close();
  }
}

async function dryRun(...args: string[]): Promise<{ code: number; lines: string[] }> {
  const code = await main(['export', projectFile, ...args, '--dry-run']);
  return { code, lines: out.join('\n').split('\n') };
}

describe('actionline export --dry-run', () => {
  it('thumos14: counts, the classes it drops and the layers it does not hold; writes nothing', async () => {
    const before = digest();
    const file = path.join(dir, 'det.txt');
    const { code, lines } = await dryRun('--format', 'thumos14', '--out', file);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(lines[0]).toBe('dry run: nothing written');
    expect(lines[1]).toBe(`would write ${file}: 1 videos, 1 lines`);
    expect(lines[2]).toBe('would leave out:');
    expect(lines).toContain(
      "  - 2 annotators' segment(s) not written: thumos14 holds the model's predictions",
    );
    expect(lines.some((l) => /^ {2}- .*Knitting/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}- thumos14 does not carry labels outside the 20/.test(l))).toBe(
      true,
    );
    expect(existsSync(file)).toBe(false);
    expect(digest()).toBe(before);
  });

  it('via: predictions left out, no scores; label-studio names its config; errors as the export', async () => {
    const via = path.join(dir, 'via.json');
    const first = await dryRun('--format', 'via', '--out', via);
    expect(first.code).toBe(0);
    expect(first.lines.slice(1)).toEqual([
      `would write ${via}: 1 videos, 2 segments`,
      'would leave out:',
      "  - 2 prediction(s) nobody has decided on not written: via holds annotators' segments",
      '  - via does not carry scores and provenance',
    ]);
    out = [];
    const ls = path.join(dir, 'tasks.json');
    const second = await dryRun('--format', 'label-studio', '--out', ls);
    expect(second.lines[1]).toMatch(
      new RegExp(`^would write ${ls} and ${ls}\\.config\\.xml: 1 videos, \\d+ regions$`),
    );
    expect(existsSync(ls)).toBe(false);
    expect(existsSync(`${ls}.config.xml`)).toBe(false);
    out = [];
    const missing = await main([
      'export',
      path.join(dir, 'none.actionline'),
      '--format',
      'csv',
      '--out',
      via,
      '--dry-run',
    ]);
    expect(missing).toBe(1);
    expect(err).toEqual([`error: ${path.join(dir, 'none.actionline')}: project file not found`]);
    expect(
      await main([
        'export',
        projectFile,
        '--format',
        'via',
        '--out',
        via,
        '--run',
        '9',
        '--dry-run',
      ]),
    ).toBe(2);
    expect(out).toEqual([]);
  });
});
