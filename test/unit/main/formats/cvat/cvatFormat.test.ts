import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { cvatText, MAX_CVAT_TAGS } from '../../../../../main/formats/export/cvatExport.ts';
import { importFile, planImport } from '../../../../../main/formats/import/importFile.ts';
import { listImports } from '../../../../../main/formats/import/importLog.ts';
import { parseXmlText } from '../../../../../main/formats/xml/parseXml.ts';
import { classNames, getActiveLabelSet } from '../../../../../main/project/labelSets.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { fuzzImportCase, fuzzImports } from '../../../../integration/import/fuzzImportCase.ts';
import { mulberry32 } from '../../../../integration/import/fuzzMutations.ts';
import { tempDir } from '../../../../integration/import/importFixtures.ts';
import { mutatedXml } from '../../../../integration/import/xmlMutations.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * CVAT for images 1.1 (per-frame tags of a video task): the cited fixture read as CVAT shows
 * it, frame numbering of tasks with a start, a step and of project exports, errors naming the
 * XML path, the round trip project → CVAT → new project, the export's bound, and mutated
 * files that import or fail with one line and change nothing.
 */

const FIXTURE = path.resolve('test/fixtures/formats/cvat/annotations.xml');

function rows(project: Project) {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
         a.name AS layer
       FROM segments s JOIN annotators a ON a.id = s.annotator_id
       ORDER BY s.video_id, s.label, s.start_sec, a.name`,
    )
    .all() as { video: string; startSec: number; endSec: number; label: string; layer: string }[];
}

function openProject(name: string): Project {
  return Project.open(path.join(tempDir(name), 'p.actionline'), { create: true });
}

/** A task export around `images`, with `task` elements added to <task>. */
function xml(images: string, task = '', labels = ['Run', 'Walk']): string {
  const labelText = labels.map((l) => `<label><name>${l}</name></label>`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version><meta><task><id>1</id><mode>interpolation</mode>${task}
<labels>${labelText}</labels><source>clip.mp4</source></task></meta>
${images}</annotations>`;
}

function plan(text: string) {
  const p = planImport(parseXmlText(text, 'in.xml'), 'in.xml', 'cvat');
  if (p.format !== 'cvat') throw new Error('not cvat');
  return p.data;
}

function errorOf(text: string): string {
  try {
    plan(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    return (err as Error).message;
  }
  throw new Error('expected an error');
}

const tagged = (frame: number, label: string, name = `frame_${String(frame).padStart(6, '0')}`) =>
  `<image id="${frame}" name="${name}" width="4" height="4"><tag label="${label}" source="manual"></tag></image>\n`;

describe('CVAT import', () => {
  it("reads the fixture as CVAT shows it: tags on sampled frames merged, in the assignee's layer", async () => {
    const project = openProject('cvat');
    try {
      upsertVideo(project.db, { id: 'kitchen_demo', fpsNum: 25, fpsDen: 1 });
      const summary = await importFile(project, FIXTURE);
      expect(summary.annotator).toBe('bob');
      expect(summary.videos).toBe(1);
      // Every 5th frame from 10: a tag holds for 5 frames (0.2 s); the last one to stop_frame 130.
      expect(rows(project).map((r) => [r.label, r.startSec, r.endSec])).toEqual([
        ['Jump', 60 / 25, 65 / 25],
        ['Run', 30 / 25, 40 / 25],
        ['Run', 45 / 25, 50 / 25],
        ['Run', 125 / 25, 131 / 25],
        ['Walk', 10 / 25, 25 / 25],
        ['Walk', 60 / 25, 65 / 25],
      ]);
      expect(summary.warnings.join('\n')).toMatch(/1 shape\(s\) or track\(s\)/);
      expect(summary.warnings.join('\n')).toMatch(
        /probed rate for 1 video\(s\) \(kitchen_demo 25 fps\)/,
      );
      const active = getActiveLabelSet(project.db)!;
      expect(active.name).toBe('CVAT labels');
      expect(classNames(project.db, active.id)).toEqual(['Walk', 'Run', 'Jump', 'hand']);
      // Again, and into a named layer: no second label set, one copy per layer.
      await importFile(project, FIXTURE);
      await importFile(project, FIXTURE, { annotator: 'carol' });
      expect(rows(project).filter((r) => r.layer === 'bob')).toHaveLength(6);
      expect(rows(project).filter((r) => r.layer === 'carol')).toHaveLength(6);
      expect(project.db.prepare('SELECT count(*) AS n FROM label_sets').get()).toEqual({ n: 1 });
    } finally {
      project.close();
    }
  });

  it('without a probed rate reads 30 fps, says so and records it', async () => {
    const project = openProject('cvat-rate');
    try {
      const summary = await importFile(project, FIXTURE, { format: 'cvat' });
      expect(summary.warnings.join('\n')).toMatch(/30 fps \(CVAT keeps no frame rate/);
      expect(listImports(project.db).at(-1)!.frameRates).toEqual({ kitchen_demo: 30 });
      expect(rows(project)[0]).toMatchObject({ label: 'Jump', startSec: 2, endSec: 65 / 30 });
    } finally {
      project.close();
    }
  });

  it('numbers frames as CVAT writes them: by name, else by id; project frames across tasks', () => {
    const step = plan(
      xml(
        tagged(20, 'Run') + tagged(23, 'Run', 'custom.png') + tagged(26, 'Run'),
        '<start_frame>20</start_frame><stop_frame>26</stop_frame><frame_filter>step=3</frame_filter>',
      ),
    );
    expect(step.segments).toEqual([
      { videoId: 'clip', label: 'Run', annotator: null, firstFrame: 20, endFrame: 27 },
    ]);
    // A project: task 7 (size 10, start 0) then task 9; task 9's frame 2 is written as 12.
    const project = `<?xml version="1.0"?><annotations><version>1.1</version><meta><project>
<tasks><task><id>7</id><size>10</size><source>a.mp4</source><owner><username>ann</username></owner></task>
<task><id>9</id><size>5</size><source>b.mp4</source><assignee></assignee></task></tasks>
<labels><label><name>Run</name></label></labels></project></meta>
<image id="3" name="frame_000003" subset="default" task_id="7"><tag label="Run"/></image>
<image id="12" name="frame_000012" subset="default" task_id="9"><tag label="Run"/></image>
<image id="13" name="frame_000013" subset="default" task_id="9"><tag label="Run"/></image>
</annotations>`;
    expect(plan(project).segments).toEqual([
      { videoId: 'a', label: 'Run', annotator: 'ann', firstFrame: 3, endFrame: 4 },
      { videoId: 'b', label: 'Run', annotator: null, firstFrame: 2, endFrame: 4 },
    ]);
  });

  it('names the file and XML path of each problem', () => {
    expect(
      errorOf(xml(tagged(0, 'Run') + '<image id="1" name="frame_000001"><tag/></image>')),
    ).toBe('in.xml: /annotations[1]/image[2]/tag[1]@label: missing');
    expect(errorOf(xml(tagged(0, 'Sit')))).toMatch(
      /^in\.xml: \/annotations\[1\]\/image\[1\]\/tag\[1\]@label: "Sit" is not a label of the task/,
    );
    expect(errorOf(xml(tagged(4, 'Run'), '<frame_filter>step=3</frame_filter>'))).toBe(
      "in.xml: /annotations[1]/image[1]@name: frame 4 is not one of the task's frames 0–… (every 3th)",
    );
    expect(errorOf(xml(tagged(9, 'Run'), '<stop_frame>8</stop_frame>'))).toMatch(
      /image\[1\]@name: frame 9 is outside the task's frames 0–8$/,
    );
    expect(errorOf(xml(tagged(1, 'Run') + tagged(1, 'Walk')))).toBe(
      'in.xml: /annotations[1]/image[2]: frame 1 again (it is also /annotations[1]/image[1])',
    );
    expect(errorOf(xml(tagged(1, 'Run', 'a.jpg').replace('id="1"', 'id="x"')))).toBe(
      'in.xml: /annotations[1]/image[1]@id: expected a whole number ≥ 0, found "x"',
    );
    expect(errorOf(xml('', '<start_frame>-1</start_frame>'))).toBe(
      'in.xml: /annotations[1]/meta[1]/task[1]/start_frame[1]: expected a whole number ≥ 0, found "-1"',
    );
    expect(errorOf(xml('').replace('interpolation', 'annotation'))).toMatch(
      /^in\.xml: \/annotations\[1\]\/meta\[1\]\/task\[1\]\/mode\[1\]: "annotation" is an image task/,
    );
    expect(errorOf('<annotations><version>1.1</version></annotations>')).toMatch(
      /^in\.xml: \/annotations\[1\]: has no <meta>/,
    );
    expect(errorOf('<doc/>')).toMatch(/^in\.xml: \/doc\[1\]: expected <annotations>/);
  });

  it('claims only XML files whose root is <annotations>', async () => {
    const dir = tempDir('cvat-claim');
    const other = path.join(dir, 'other.xml');
    writeFileSync(other, '<?xml version="1.0"?><ANNOTATION_DOCUMENT/>');
    const project = openProject('cvat-claim-p');
    try {
      await expect(importFile(project, other)).rejects.toThrow(/other\.xml/);
      await expect(importFile(project, other)).rejects.not.toThrow(/annotations/);
    } finally {
      project.close();
    }
  });
});

describe('CVAT export', () => {
  it('comes back within one frame, one file per video', async () => {
    const dir = tempDir('cvat-export');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    const out = path.join(dir, 'out');
    let before: ReturnType<typeof rows>;
    try {
      upsertVideo(project.db, {
        id: 'clip',
        path: '/m/clip.mp4',
        fpsNum: 25,
        fpsDen: 1,
        resolution: '640x360',
      });
      upsertVideo(project.db, { id: 'ntsc.part1', fpsNum: 30000, fpsDen: 1001, durationSec: 60 });
      const alice = project.annotator('alice').id;
      const add = (videoId: string, startSec: number, endSec: number, label: string) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance: 'imported',
          annotatorId: alice,
        });
      add('clip', 0.1 + 0.2, 3, 'Chop & "dice"');
      add('clip', 2, 2.5, 'Stir');
      add('clip', 4, 4, 'Stir');
      add('ntsc.part1', 1 / 3, 2.5, 'Wash');
      add('ntsc.part1', 2.5, 3.1, 'Wash');
      const text = cvatText(project.db);
      expect(text.videoCount).toBe(2);
      expect(text.files!.map((f) => f.name)).toEqual(['clip.xml', 'ntsc.part1.xml']);
      const clip = text.files![0]!.text;
      expect(clip).toContain('<source>clip.mp4</source>');
      expect(clip).toContain('<image id="8" name="frame_000008" width="640" height="360">');
      expect(clip).toContain('<tag label="Chop &amp; &quot;dice&quot;" source="manual">');
      expect(clip).toMatch(/<assignee>\s*<username>alice<\/username>/);
      expect(text.warnings.join('\n')).toMatch(/1 segment\(s\) shorter than a frame/);
      mkdirSync(out);
      for (const f of text.files!) writeFileSync(path.join(out, f.name), f.text);
      before = rows(project);
    } finally {
      project.close();
    }
    const copy = Project.open(path.join(dir, 'copy.actionline'), { create: true });
    try {
      upsertVideo(copy.db, { id: 'clip', fpsNum: 25, fpsDen: 1 });
      upsertVideo(copy.db, { id: 'ntsc.part1', fpsNum: 30000, fpsDen: 1001 });
      await importFile(copy, path.join(out, 'clip.xml'));
      await importFile(copy, path.join(out, 'ntsc.part1.xml'));
      const after = rows(copy);
      // The two touching Wash segments are one run of tagged frames in CVAT.
      const expected = before.filter((r) => !(r.label === 'Wash' && r.startSec === 2.5));
      expected.find((r) => r.label === 'Wash')!.endSec = 3.1;
      expect(after.map((r) => [r.video, r.label, r.layer])).toEqual(
        expected.map((r) => [r.video, r.label, r.layer]),
      );
      after.forEach((r, i) => {
        const frameSec = r.video === 'clip' ? 1 / 25 : 1001 / 30000;
        expect(Math.abs(r.startSec - expected[i]!.startSec)).toBeLessThan(frameSec + 1e-9);
        expect(Math.abs(r.endSec - expected[i]!.endSec)).toBeLessThan(frameSec + 1e-9);
      });
    } finally {
      copy.close();
    }
  });

  it('writes one video as one file, and refuses more tags than it may write', () => {
    const project = openProject('cvat-bound');
    try {
      upsertVideo(project.db, { id: 'long', fpsNum: 25, fpsDen: 1 });
      const alice = project.annotator('alice').id;
      insertSegment(project.db, {
        videoId: 'long',
        startSec: 0,
        endSec: 10,
        label: 'A',
        provenance: 'manual',
        annotatorId: alice,
      });
      const one = cvatText(project.db);
      expect(one.files).toBeUndefined();
      expect(one.itemCount).toBe(250);
      expect(one.text.match(/<tag /g)).toHaveLength(250);
      insertSegment(project.db, {
        videoId: 'long',
        startSec: 0,
        endSec: MAX_CVAT_TAGS / 25 + 1,
        label: 'B',
        provenance: 'manual',
        annotatorId: alice,
      });
      expect(() => cvatText(project.db)).toThrow(
        `this one would write ${MAX_CVAT_TAGS + 25 + 250} tags, more than ${MAX_CVAT_TAGS}`,
      );
    } finally {
      project.close();
    }
  });
});

describe('CVAT import fuzz', () => {
  it('mutated files: success, or one line naming the file and no change', async () => {
    const dir = tempDir('cvat-fuzz');
    const project = Project.open(path.join(dir, 'p.actionline'), { create: true });
    try {
      await importFile(project, FIXTURE);
      const base = readFileSync(FIXTURE, 'utf8');
      const random = mulberry32(0xc7a7);
      const file = path.join(dir, 'fuzz.xml');
      const outcomes = await fuzzImports(project, file, 'cvat', 120, () =>
        mutatedXml(base, random),
      );
      // A huge file: refused by size before it is parsed.
      writeFileSync(
        file,
        base.replace('</annotations>', `<!--${'x'.repeat(70_000)}--></annotations>`),
      );
      expect(await fuzzImportCase(project, file, { maxBytes: 64 * 1024 }, 'huge file')).toBe(
        'refused',
      );
      expect(outcomes.imported).toBeGreaterThan(3);
      expect(outcomes.refused).toBeGreaterThan(30);
    } finally {
      project.close();
    }
  });
});
