import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fuzzImportCase } from '../../../../integration/import/fuzzImportCase.ts';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { parseColumnMapping } from '../../../../../main/formats/csv/csvColumns.ts';
import { parseCsv } from '../../../../../main/formats/csv/parseCsv.ts';
import { csvExportText } from '../../../../../main/formats/export/csvExport.ts';
import {
  type FileImportOptions,
  importFile,
  planImport,
} from '../../../../../main/formats/import/importFile.ts';
import { listImports } from '../../../../../main/formats/import/importLog.ts';
import type { ImportOptions } from '../../../../../main/formats/import/types.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { mulberry32 } from '../../../../integration/import/fuzzMutations.ts';
import { tempDir } from '../../../../integration/import/importFixtures.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * CSV segment rows: the RFC 4180 reader, the spreadsheet fixture as a team keeps it, column
 * mappings and frames, errors that name the file, line and column, the round trip project →
 * Actionline's CSV export → new project, and mutated files that import or fail with one line
 * and change nothing.
 */

const FIXTURE = path.resolve('test/fixtures/formats/csv/spreadsheet-segments.csv');

function rows(project: Project) {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
         a.name AS layer
       FROM segments s JOIN annotators a ON a.id = s.annotator_id
       ORDER BY s.video_id, s.start_sec, s.end_sec, s.label, a.name`,
    )
    .all() as { video: string; startSec: number; endSec: number; label: string; layer: string }[];
}

function errorOf(text: string, options: ImportOptions = {}): string {
  try {
    planImport({ kind: 'csv-text', text }, 'in.csv', 'csv', options);
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

describe('CSV reader (RFC 4180)', () => {
  it('quotes, doubled quotes, line breaks in fields, CRLF / LF / CR, a BOM, blank lines', () => {
    const text = '\uFEFFa,"b,1","say ""hi""",\r\n"two\r\nlines",x,,""\n\nlast,\ry\r';
    expect(parseCsv(text, 'f.csv')).toEqual([
      { line: 1, fields: ['a', 'b,1', 'say "hi"', ''] },
      { line: 2, fields: ['two\r\nlines', 'x', '', ''] },
      { line: 5, fields: ['last', ''] },
      { line: 6, fields: ['y'] },
    ]);
  });

  it('refuses what it would have to guess, naming the line and column', () => {
    const error = (text: string) => {
      try {
        parseCsv(text, 'f.csv');
      } catch (err) {
        return (err as Error).message;
      }
      return 'no error';
    };
    expect(error('a,b\nc,"d\ne')).toBe(
      'f.csv: line 2, column 2: a quoted field is not closed before the end of the file',
    );
    expect(error('a,b\n"x\ny"z,1')).toMatch(
      /^f\.csv: line 3, column 1: text after the closing quote/,
    );
    expect(error('a,b\nx,y"z')).toMatch(
      /^f\.csv: line 2, column 2: a double quote inside an unquoted field/,
    );
  });
});

describe('CSV import', () => {
  it('reads the spreadsheet fixture, claimed by its name, into the layers it names', async () => {
    const dir = tempDir('csv');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      const summary = await importFile(project, FIXTURE);
      expect(summary.videos).toBe(2);
      expect(summary.segments).toBe(5);
      expect(summary.annotators).toEqual(['alice', 'bob', 'ground truth']);
      expect(rows(project).map((r) => [r.video, r.layer, r.startSec, r.endSec, r.label])).toEqual([
        ['kitchen_01', 'alice', 0.5, 4.25, 'Chopping'],
        ['kitchen_01', 'alice', 5, 9.5, 'Stirring, slowly'],
        ['kitchen_01', 'bob', 6, 8, 'Washing'],
        ['kitchen_02', 'bob', 1, 2, 'Pouring "milk"'],
        ['kitchen_02', 'ground truth', 3, 7.5, 'Opening fridge'],
      ]);
      expect(summary.warnings).toContain(
        `${FIXTURE}: the scores of 3 row(s) are not kept: the rows become annotators' segments, which have no score`,
      );
      // Again, into one layer: replaced, not added.
      await importFile(project, FIXTURE, { annotator: 'team' });
      const again = await importFile(project, FIXTURE, { annotator: 'team' });
      expect(again.replaced).toBe(5);
      expect(rows(project).filter((r) => r.layer === 'team')).toHaveLength(5);
      expect(again.warnings.join('\n')).toMatch(
        /segments of 2 annotators \(alice, bob\) all went into the layer of "team"/,
      );
    } finally {
      project.close();
    }
  });

  it('--columns and frames: the probed rate, else --fps, else 30; the log records the rates', async () => {
    const dir = tempDir('csv-frames');
    const file = path.join(dir, 'frames.csv');
    writeFileSync(file, 'clip,t0,t1,action,who\nprobed,25,50,Run,ann\nother.mp4,30,60,Walk,ann\n');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      upsertVideo(project.db, { id: 'probed', fpsNum: 25, fpsDen: 1 });
      const columns = parseColumnMapping('video=clip,start=t0,end=t1,label=action,annotator=who');
      const summary = await importFile(project, file, {
        csv: { columns, units: 'frames', fps: { num: 15, den: 1 } },
      });
      expect(rows(project).map((r) => [r.video, r.startSec, r.endSec, r.label, r.layer])).toEqual([
        ['other', 2, 4, 'Walk', 'ann'],
        ['probed', 1, 2, 'Run', 'ann'],
      ]);
      expect(summary.warnings).toContain(
        `${file}: frame numbers read at the project's probed rate for 1 video(s) (probed 25 fps); at --fps (adding the video later re-maps them to its probed rate) for 1 video(s) (other 15 fps)`,
      );
      expect(listImports(project.db).at(-1)!.frameRates).toEqual({ other: 15 });
      // Without --fps: the rate the earlier import read "other" at.
      const again = await importFile(project, file, { csv: { columns, units: 'frames' } });
      expect(again.warnings.join('\n')).toMatch(/earlier import read them at .*other 15 fps/);
    } finally {
      project.close();
    }
    const fresh = Project.open(path.join(dir, 'q.actionline'), { create: true });
    try {
      const text = 'video,start_frame,stop_frame,label\nv,0,45,Run\n';
      writeFileSync(file, text);
      // Frame-named columns: frames without --units, read at 30 fps.
      const summary = await importFile(fresh, file);
      expect(rows(fresh).map((r) => [r.startSec, r.endSec])).toEqual([[0, 1.5]]);
      expect(summary.warnings.join('\n')).toMatch(
        /at 30 fps \(no --fps was given and the media is not probed/,
      );
    } finally {
      fresh.close();
    }
  });

  it('names the file, line and column of each problem', () => {
    const head = 'video,start,end,label,score\n';
    expect(errorOf(`${head}a,1,x,Run,\n`)).toBe(
      'in.csv: line 2, column "end": expected a time in seconds, got "x"',
    );
    expect(errorOf(`${head}a,3,2,Run,\n`)).toBe(
      'in.csv: line 2, column "end": end 2 is before start 3',
    );
    expect(errorOf(`${head}a,1,2,,\n`)).toBe('in.csv: line 2, column "label": empty label');
    expect(errorOf(`${head}a,1,2,Run,high\n`)).toBe(
      'in.csv: line 2, column "score": expected a number, got "high"',
    );
    expect(errorOf(`${head}a,1,2,Run\n`)).toBe('in.csv: line 2: 4 field(s), but the header has 5');
    expect(errorOf(`${head}a,NaN,2,Run,\n`)).toMatch(/line 2, column "start": expected a time/);
    expect(errorOf('clip,begin,end,label\n')).toMatch(
      /^in\.csv: line 1: no video column: the header has "clip", "begin", "end", "label"; name it one of video_id, video/,
    );
    expect(errorOf('clip,s,e,l\n', { csv: { columns: { video: 'clip', start: 'x' } } })).toBe(
      'in.csv: line 1: the header has no column "x" (--columns start=x); it has "clip", "s", "e", "l"',
    );
    expect(errorOf('video,start,end,label,label\n')).toBe(
      'in.csv: line 1, column "label": the header names this column twice (columns 4 and 5)',
    );
    expect(errorOf('')).toBe('in.csv: is empty (expected a header row)');
    expect(() => parseColumnMapping('video=clip,colour=x')).toThrow(
      /--columns: "colour=x": expected COLUMN=HEADER/,
    );
  });
});

describe('CSV round trip', () => {
  it("Actionline's own export comes back: layers exact, predictions left out, formulas unguarded", async () => {
    const dir = tempDir('csv-round');
    const file = path.join(dir, 'out.csv');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    let before: ReturnType<typeof rows>;
    try {
      upsertVideo(project.db, { id: 'clip.v2', fpsNum: 25, fpsDen: 1 });
      upsertVideo(project.db, { id: 'yt' });
      const alice = project.annotator('alice').id;
      const bob = project.annotator('bob, "the second"').id;
      const add = (
        videoId: string,
        startSec: number,
        endSec: number,
        label: string,
        id: number | null,
        provenance = 'imported' as const,
      ) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance,
          annotatorId: id,
        });
      add('clip.v2', 0.1 + 0.2, 3, 'Chopping', alice);
      add('clip.v2', 4, 4, '=SUM(A1)', bob);
      add('yt', 1 / 3, 2.5, 'Washing "fast", well', alice);
      add('yt', 7, 9, '-minus', bob);
      insertSegment(project.db, {
        videoId: 'yt',
        startSec: 1,
        endSec: 2,
        label: 'P',
        provenance: 'predicted',
        annotatorId: null,
        score: 0.5,
      });
      writeFileSync(file, csvExportText(project.db).text);
      before = rows(project);
    } finally {
      project.close();
    }
    const copy = Project.open(path.join(dir, 'copy.actionline'), { create: true });
    try {
      const summary = await importFile(copy, file);
      expect(summary.annotators).toEqual(['alice', 'bob, "the second"']);
      expect(summary.warnings.join('\n')).toMatch(
        /1 row\(s\) with provenance "predicted" or "rejected" left out/,
      );
      expect(rows(copy)).toEqual(before);
    } finally {
      copy.close();
    }
  });
});

describe('CSV import fuzz', () => {
  it('mutated files: success, or one line naming the file and no change', async () => {
    const dir = tempDir('csv-fuzz');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    const random = mulberry32(0xc5f0);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const base = readFileSync(FIXTURE, 'utf8');
    const mutations: [string, (text: string) => string][] = [
      ['truncated', (t) => t.slice(0, Math.floor(random() * t.length))],
      ['a word for a number', (t) => t.replace(/\d+\.\d+/, 'abc')],
      ['an extra field', (t) => t.replace('\r\n', ',7\r\n')],
      ['a field less', (t) => t.replace(/,alice/, '')],
      ['end before start', (t) => t.replace('0.5,4.25', '4.25,0.5')],
      ['a stray quote', (t) => t.replace('Chopping', 'Chop"ping')],
      ['an unclosed quote', (t) => t.replace('"Stirring', '"Stir') + '"x'],
      ['duplicate rows', (t) => t + t.split('\r\n').slice(1).join('\r\n')],
      ['LF only', (t) => t.replace(/\r\n/g, '\n')],
      ['NUL in a label', (t) => t.replace('Washing', 'Wash\u0000ing')],
      ['huge number', (t) => t.replace('0.5', '1e400')],
      ['no header', (t) => t.split('\r\n').slice(1).join('\r\n')],
      ['empty', () => ''],
      ['binary', () => '\uFFFE\u0000\u0001,,,'],
    ];
    try {
      await importFile(project, FIXTURE);
      const file = path.join(dir, 'fuzz.csv');
      const outcomes = { imported: 0, refused: 0 };
      for (let i = 0; i < 60; i++) {
        const [what, mutate] = pick(mutations);
        writeFileSync(file, mutate(base));
        if (random() < 0.1) writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x41]));
        const options: FileImportOptions = i % 2 === 0 ? {} : { format: 'csv' };
        outcomes[await fuzzImportCase(project, file, options, `case ${i} (${what})`)]++;
      }
      expect(outcomes.imported).toBeGreaterThan(5);
      expect(outcomes.refused).toBeGreaterThan(10);
    } finally {
      project.close();
    }
  });
});
