import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main.ts';
import { importFile } from '../../../main/formats/import/importFile.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { upsertVideo } from '../../../main/project/videos.ts';
import { projectDigest, tempDir } from './importFixtures.ts';

/**
 * `actionline import --dry-run`, run in-process through the CLI's main (the same commander
 * program the bin runs; spawning Node costs a second a case): the report on stdout, exit 0
 * when the import would succeed and the import's own error otherwise, and the project —
 * import log included — byte-for-byte as it was, or never created.
 */

let out: string[] = [];
let err: string[] = [];

beforeEach(() => {
  out = [];
  err = [];
  vi.spyOn(console, 'log').mockImplementation(
    (...args: unknown[]) => void out.push(args.join(' ')),
  );
  vi.spyOn(console, 'error').mockImplementation(
    (...args: unknown[]) => void err.push(args.join(' ')),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
});

const CSV = [
  'video,start,end,label,annotator',
  'clip.mp4,1,4,Run,alice',
  'clip.mp4,8,12,Jump,bob',
  'other.mp4,0,2,Swim,bob',
  '',
].join('\n');

describe('actionline import --dry-run', () => {
  it('reports the import and its losses, and leaves the project exactly as it was', async () => {
    const dir = tempDir('dry-import');
    const projectFile = path.join(dir, 'p.actionline');
    const file = path.join(dir, 'labels.csv');
    writeFileSync(file, CSV);
    const project = Project.open(projectFile, { create: true });
    let before: string;
    try {
      upsertVideo(project.db, { id: 'clip', durationSec: 10 });
      setActiveLabelSet(project.db, createLabelSet(project.db, 'mine', ['Run', 'Walk']));
      // An earlier import into the layer the dry run names: it would be replaced.
      await importFile(project, file, { annotator: 'team' });
      before = projectDigest(project.db);
    } finally {
      project.close();
    }
    const code = await main(['import', projectFile, file, '--annotator', 'team', '--dry-run']);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.join('\n').split('\n')).toEqual([
      `dry run: nothing written (${projectFile} is unchanged)`,
      `would import ground truth labels.csv into ${projectFile}: 2 videos, 3 segments, 3 labels as annotator "team", replacing 3 from an earlier import`,
      'would lose or change:',
      `  - ${file}: 2 label(s) are not in the active label set "mine": "Jump", "Swim" (imported as they are)`,
      "  - 1 segment(s) end after their video's duration (clip ends at 12 s of 10 s): stored as they are, the part past the end is never played",
      '  - 3 segment(s) of an earlier import of the same data would be replaced (segments edited since are kept)',
      `  - ${file}: the segments of 2 annotators (alice, bob) all went into the layer of "team" (--annotator)`,
    ]);
    const after = Project.open(projectFile);
    try {
      expect(projectDigest(after.db)).toBe(before);
    } finally {
      after.close();
    }
  });

  it('a project that does not exist is not created; a bad file fails as the import would', async () => {
    const dir = tempDir('dry-import-new');
    const projectFile = path.join(dir, 'new.actionline');
    const file = path.join(dir, 'labels.csv');
    writeFileSync(file, CSV);
    expect(await main(['import', projectFile, file, '--dry-run'])).toBe(0);
    expect(out.join('\n').split('\n')).toEqual([
      `dry run: nothing written (${projectFile} does not exist and was not created)`,
      `would import ground truth labels.csv into ${projectFile}: 2 videos (2 new), 3 segments, 3 labels as annotators "alice", "bob"`,
      'would lose: nothing that the import can tell',
    ]);
    expect(existsSync(projectFile)).toBe(false);

    writeFileSync(file, CSV.replace('1,4', '4,1'));
    out = [];
    expect(await main(['import', projectFile, file, '--dry-run'])).toBe(1);
    expect(err).toEqual([`error: ${file}: line 2, column "end": end 1 is before start 4`]);
    expect(out).toEqual([]);
    expect(existsSync(projectFile)).toBe(false);

    // A usage error is the same exit 2 as without --dry-run.
    err = [];
    expect(await main(['import', projectFile, file, '--dry-run', '--fps', 'fast'])).toBe(2);
    expect(err).toEqual([
      'error: --fps: expected a frame rate such as 25, 29.97 or 30000/1001, got "fast"',
    ]);
  });
});
