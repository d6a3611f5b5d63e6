import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppCore, type AppCore } from '../../../main/app/appCore.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';
import { EXPORT_FORMATS } from '../../../main/formats/export/exportProject.ts';
import { IMPORT_FORMAT_NAMES } from '../../../main/formats/import/importFormats.ts';
import type {
  ExportFormatView,
  FormatView,
  ImportReport,
} from '../../../shared/ipc/importViews.ts';
import type { Result } from '../../../shared/result.ts';

/**
 * The import dialog's requests over a real project file and real files: the registries'
 * formats, a preview that changes nothing, the import, THUMOS14 ground truth as a folder,
 * and the errors a user meets (a wrong path, a wrong format, predictions marked reviewed).
 */
const THUMOS_FOLDER = path.join(import.meta.dirname, '../../fixtures/formats/thumos14-gt');

let dir: string;
let projectFile: string;
let core: AppCore;
let router: Router;
const changed: (string | null)[] = [];

/** Two videos, three segments of two labels: ActivityNet v1.3 ground truth. */
const GROUND_TRUTH = {
  version: 'VERSION 1.3',
  taxonomy: [],
  database: {
    alpha: {
      subset: 'validation',
      duration: 30,
      url: '',
      annotations: [
        { segment: [1, 4], label: 'jump' },
        { segment: [10, 12.5], label: 'run' },
      ],
    },
    beta: {
      subset: 'validation',
      duration: 20,
      url: '',
      annotations: [{ segment: [2, 3], label: 'jump' }],
    },
  },
};

const RESULTS = {
  version: 'VERSION 1.3',
  results: { alpha: [{ label: 'jump', score: 0.9, segment: [1, 4] }] },
  external_data: { used: false, details: '' },
};

async function call<T>(channel: string, request: unknown): Promise<Result<T>> {
  return (await router.handle(channel, request)) as Result<T>;
}

async function ok<T>(channel: string, request: unknown): Promise<T> {
  const result = await call<T>(channel, request);
  if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
  return result.value;
}

async function refused(channel: string, request: unknown): Promise<string> {
  const result = await call(channel, request);
  if (result.ok) throw new Error(`${channel} ${JSON.stringify(request)} was not refused`);
  return result.error.message;
}

/** Rows of each table an import writes to, read from the file itself. */
function storedCounts() {
  const db = new DatabaseSync(projectFile, { readOnly: true });
  try {
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      videos: n('SELECT count(*) AS n FROM videos'),
      segments: n('SELECT count(*) AS n FROM segments'),
      labelSets: n('SELECT count(*) AS n FROM label_sets'),
      reviewed: n("SELECT count(*) AS n FROM videos WHERE review_status = 'reviewed'"),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-import-dialog-'));
  projectFile = path.join(dir, 'p.actionline');
  writeFileSync(path.join(dir, 'gt.json'), JSON.stringify(GROUND_TRUTH));
  writeFileSync(path.join(dir, 'results.json'), JSON.stringify(RESULTS));
  writeFileSync(path.join(dir, 'broken.json'), '{"database": {"alpha": {"annotations": [');
  core = createAppCore({
    shell: 'web',
    mediaUrlOf: (id) => `/media/${id}`,
    device: 'cpu',
    threads: 1,
    annotator: 'alice',
    emit: (event, payload) => {
      if (event === 'project:changed')
        changed.push((payload as { videoId: string | null }).videoId);
    },
  });
  router = createRouter(core.handlers);
});
afterAll(() => core.close());

describe('the import dialog’s requests', () => {
  it('lists every format of both registries, by name and title', async () => {
    const imports = await ok<FormatView[]>('import:formats', {});
    expect(imports.map((f) => f.name)).toEqual(IMPORT_FORMAT_NAMES);
    expect(imports.find((f) => f.name === 'thumos14-gt')!.title).toMatch(/folder/);
    const exports = await ok<ExportFormatView[]>('export:formats', {});
    expect(exports.map((f) => f.name)).toEqual([...EXPORT_FORMATS]);
    for (const f of exports) expect(f.title.length, f.name).toBeGreaterThan(3);
    expect(exports.filter((f) => f.folder).map((f) => f.name)).toEqual(['thumos14-gt']);
  });

  it('refuses before a project is open, and a path that is not there, naming it', async () => {
    const gt = path.join(dir, 'gt.json');
    expect(await refused('import:preview', { file: gt })).toBe('no project is open');
    await ok('project:open', { file: projectFile, create: true });
    const missing = path.join(dir, 'nowhere', 'gt.json');
    expect(await refused('import:preview', { file: missing })).toBe(
      `${missing}: no such file or folder`,
    );
    // A relative path is resolved where Actionline runs, and the message says so.
    expect(await refused('import:run', { file: 'no-such-file.json' })).toBe(
      `no-such-file.json (${path.resolve('no-such-file.json')}): no such file or folder`,
    );
    expect(await refused('import:preview', { file: `${gt}\0x` })).toMatch(/NUL character/);
    expect(await refused('import:preview', { file: gt, format: 'excel' })).toMatch(
      /^import format "excel" is not one of activitynet, /,
    );
    expect(await refused('import:preview', { file: gt, extra: 1 })).toMatch(/extra: unknown field/);
  });

  it.skipIf(process.getuid?.() === 0)('says when a file cannot be read', async () => {
    const locked = path.join(dir, 'locked.json');
    writeFileSync(locked, '{}');
    chmodSync(locked, 0o000);
    expect(await refused('import:preview', { file: locked })).toBe(
      `${locked}: cannot be read (permission denied)`,
    );
  });

  it('previews an ActivityNet file with the counts the import then has, changing nothing', async () => {
    const file = path.join(dir, 'gt.json');
    const before = storedCounts();
    const preview = await ok<ImportReport>('import:preview', { file });
    expect(preview).toEqual({
      file,
      format: 'activitynet',
      contents: 'ground truth',
      groundTruth: true,
      videos: 2,
      videosAdded: 2,
      segments: 3,
      videoLabels: 0,
      suggestions: 0,
      labels: 2,
      annotators: ['ground truth'],
      replaced: 0,
      runId: null,
      reviewed: null,
      losses: expect.any(Array),
      warnings: expect.any(Array),
    });
    expect(storedCounts()).toEqual(before);
    expect(changed).toEqual([]);
    expect(await ok('videos:list', {})).toEqual([]);

    const done = await ok<ImportReport>('import:run', { file });
    expect({ ...done, warnings: [], losses: [] }).toEqual({ ...preview, warnings: [], losses: [] });
    // The preview sorts the import's warnings into what it would lose and the rest.
    for (const w of done.warnings) expect([...preview.losses, ...preview.warnings]).toContain(w);
    expect(changed).toEqual([null]);
    expect(storedCounts()).toMatchObject({ videos: 2, segments: 3 });
    // The same file again replaces its rows: the preview says so.
    const again = await ok<ImportReport>('import:preview', { file });
    expect(again).toMatchObject({ videosAdded: 0, segments: 3, replaced: 3 });
    expect(again.losses).toContainEqual(
      expect.stringMatching(/3 segment\(s\) of an earlier import/),
    );
  });

  it('imports a THUMOS14 ground-truth folder into a named layer, marked reviewed', async () => {
    const request = { file: THUMOS_FOLDER, annotator: 'alice', markReviewed: true };
    const preview = await ok<ImportReport>('import:preview', request);
    expect(preview).toMatchObject({
      format: 'thumos14-gt',
      groundTruth: true,
      videos: 3,
      videosAdded: 3,
      segments: 6,
      labels: 3,
      annotators: ['alice'],
      reviewed: { marked: 3, already: 0 },
    });
    expect([...preview.losses, ...preview.warnings].join('\n')).toMatch(/Ambiguous/);
    expect(storedCounts()).toMatchObject({ videos: 2, reviewed: 0 });
    await ok('import:run', request);
    expect(storedCounts()).toMatchObject({ videos: 5, segments: 9, reviewed: 3 });
    const listed = await ok<{ id: string; annotatorSegments: number }[]>('videos:list', {});
    expect(listed.find((v) => v.id === 'video_validation_0000052')!.annotatorSegments).toBe(3);
  });

  it('reads a file as the format named, and refuses what the file is not', async () => {
    const gt = path.join(dir, 'gt.json');
    const message = await refused('import:preview', { file: gt, format: 'via' });
    expect(message.startsWith(`${gt}`)).toBe(true);
    // A results file's predictions are no review: refused, the project unchanged.
    const before = storedCounts();
    const results = path.join(dir, 'results.json');
    expect(await refused('import:run', { file: results, markReviewed: true })).toMatch(
      /not ground truth: its videos cannot be marked reviewed/,
    );
    const broken = path.join(dir, 'broken.json');
    expect(await refused('import:run', { file: broken })).toMatch(new RegExp(`^${broken}`));
    expect(storedCounts()).toEqual(before);
    // An annotator for predictions is said to be unused; the run id is the import's.
    const preview = await ok<ImportReport>('import:preview', { file: results, annotator: 'bob' });
    expect(preview).toMatchObject({ contents: 'detection results', runId: null, segments: 1 });
    expect(preview.warnings).toContainEqual(expect.stringMatching(/annotator is not used/));
    const run = await ok<ImportReport>('import:run', { file: results });
    expect(run.runId).toEqual(expect.any(Number));
  });

  it('imports a CSV with the columns, units and frame rate typed in the dialog', async () => {
    const csv = path.join(dir, 'cuts.csv');
    writeFileSync(csv, 'clip,t0,t1,action\ncsv_clip,50,100,jump\n');
    const mapping = { columns: 'video=clip,start=t0,end=t1,label=action', units: 'frames' };
    expect(
      await refused('import:preview', { file: csv, csv: { ...mapping, fps: 'fast' } }),
    ).toMatch(/--fps: expected a frame rate/);
    // Without the mapping the header names nothing the reader knows: refused, naming the file.
    expect(await refused('import:preview', { file: csv })).toContain(csv);
    const request = { file: csv, csv: { ...mapping, fps: '25' } };
    const preview = await ok<ImportReport>('import:preview', request);
    expect(preview).toMatchObject({ format: 'csv', videos: 1, segments: 1 });
    await ok('import:run', request);
    const db = new DatabaseSync(projectFile, { readOnly: true });
    try {
      const row = db
        .prepare(`SELECT start_sec AS startSec, end_sec AS endSec FROM segments WHERE video_id = ?`)
        .get('csv_clip');
      // Frames 50 and 100 at 25 fps.
      expect({ ...row }).toEqual({ startSec: 2, endSec: 4 });
    } finally {
      db.close();
    }
  });

  it('exports the THUMOS14 ground-truth folder from the app, and refuses an unknown format', async () => {
    const out = path.join(dir, 'thumos-out');
    await ok('export:write', { format: 'thumos14-gt', file: out, annotator: 'alice' });
    expect(readdirSync(out).sort()).toEqual([
      'BaseballPitch_val.txt',
      'CliffDiving_val.txt',
      'Diving_val.txt',
    ]);
    expect(readFileSync(path.join(out, 'Diving_val.txt'), 'utf8')).toContain(
      'video_validation_0000053  3 7.4',
    );
    expect(
      await refused('export:write', { format: 'excel', file: path.join(dir, 'x.xls') }),
    ).toMatch(/^export format "excel" is not one of activitynet, /);
    expect(existsSync(path.join(dir, 'x.xls'))).toBe(false);
  });
});
