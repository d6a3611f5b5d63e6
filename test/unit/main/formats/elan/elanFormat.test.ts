import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import { elanText } from '../../../../../main/formats/export/elanExport.ts';
import { writeExport } from '../../../../../main/formats/export/exportProject.ts';
import { importFile, planImport } from '../../../../../main/formats/import/importFile.ts';
import { parseXmlText } from '../../../../../main/formats/xml/parseXml.ts';
import {
  classNames,
  getActiveLabelSet,
  listLabelSets,
} from '../../../../../main/project/labelSets.ts';
import { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { fuzzImports } from '../../../../integration/import/fuzzImportCase.ts';
import { mulberry32 } from '../../../../integration/import/fuzzMutations.ts';
import { quickDigest, tempDir } from '../../../../integration/import/importFixtures.ts';
import { mutatedXml } from '../../../../integration/import/xmlMutations.ts';
import { insertSegment } from '../export/exportFixtures.ts';

/**
 * ELAN .eaf: the cited fixture read as ELAN shows it (TIME_ORIGIN added, tiers as layers,
 * the vocabulary as a label set), errors that name the XML path, the export and the round
 * trip project → ELAN → new project within 1 ms, and mutated files that either import or
 * fail with one line and change nothing.
 */

const FIXTURE = path.resolve('test/fixtures/formats/elan/kitchen_cam1.eaf');

type Row = { video: string; startSec: number; endSec: number; label: string; layer: string };

function rows(project: Project): Row[] {
  return project.db
    .prepare(
      `SELECT s.video_id AS video, s.start_sec AS startSec, s.end_sec AS endSec, s.label,
         a.name AS layer
       FROM segments s JOIN annotators a ON a.id = s.annotator_id
       ORDER BY s.video_id, a.name, s.start_sec, s.end_sec, s.label`,
    )
    .all() as Row[];
}

function open(dir: string, name = 'p.actionline'): Project {
  return Project.open(path.join(dir, name), { create: true });
}

/** A small document around `tiers` (and `extra` after them), as ELAN lays one out. */
function eaf(timeSlots: string, tiers: string, extra = '', media = 'clip.mp4'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-01-01T00:00:00Z" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///m/${media}" MIME_TYPE="video/mp4"/>
    </HEADER>
    <TIME_ORDER>${timeSlots}</TIME_ORDER>
    ${tiers}
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="t" TIME_ALIGNABLE="true"/>
    ${extra}
</ANNOTATION_DOCUMENT>
`;
}

const SLOTS =
  '<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="1000"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2500"/>';
const ONE =
  '<TIER LINGUISTIC_TYPE_REF="t" TIER_ID="ann"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Run</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>';

function plan(text: string, file = 'in.eaf') {
  return planImport(
    { kind: 'eaf-files', documents: [{ file, root: parseXmlText(text, file) }] },
    file,
    'elan',
  );
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

describe('ELAN import', () => {
  it('reads the fixture as ELAN shows it: TIME_ORIGIN added, tiers as layers, the vocabulary as a label set', async () => {
    const dir = tempDir('elan');
    const project = open(dir);
    try {
      const summary = await importFile(project, FIXTURE);
      expect(summary.videos).toBe(1);
      expect(summary.segments).toBe(5);
      expect(summary.annotators).toEqual(['alice', 'alice-notes', 'bob']);
      expect(rows(project).map((r) => [r.video, r.layer, r.startSec, r.endSec, r.label])).toEqual([
        ['kitchen_cam1', 'alice', 2.5, 5, 'Run'],
        ['kitchen_cam1', 'alice', 5.5, 7.75, 'Walk'],
        ['kitchen_cam1', 'alice-notes', 5.5, 7.75, 'slow'],
        // CVE_REF names the entry: its English value, not the Dutch one the annotation holds.
        ['kitchen_cam1', 'bob', 2, 3.5, 'Run'],
        ['kitchen_cam1', 'bob', 8.5, 10.5, 'Jump & turn'],
      ]);
      const active = getActiveLabelSet(project.db)!;
      expect(active.name).toBe('actions');
      expect(summary.labelSetId).toBe(active.id);
      expect(classNames(project.db, active.id)).toEqual(['Run', 'Walk', 'Sit']);
      const warnings = summary.warnings.join('\n');
      expect(warnings).toMatch(
        /1 annotation\(s\) of dependent tiers \(REF_ANNOTATION\) take the times/,
      );
      expect(warnings).toMatch(/1 annotation\(s\) with an unaligned time slot/);
      expect(warnings).toMatch(/1 annotation\(s\) without a value/);
      expect(warnings).toMatch(/not in the active label set "actions": "Jump & turn", "slow"/);
      // Again: no second label set, the same segments once.
      await importFile(project, FIXTURE);
      expect(listLabelSets(project.db)).toHaveLength(1);
      expect(rows(project)).toHaveLength(5);
      // --annotator merges every tier into one layer, and says so.
      const merged = await importFile(project, FIXTURE, { annotator: 'team' });
      expect(merged.warnings.join('\n')).toMatch(
        /the segments of 3 annotators \(alice, alice-notes, bob\) all went into the layer of "team"/,
      );
      expect(rows(project).filter((r) => r.layer === 'team')).toHaveLength(5);
    } finally {
      project.close();
    }
  });

  it('reads pre-2.8 vocabularies (CV_ENTRY text) and clips at a negative TIME_ORIGIN', () => {
    const text = eaf(
      SLOTS + '<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/>',
      '<TIER LINGUISTIC_TYPE_REF="t" TIER_ID="ann"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>' +
        '<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3" CVE_REF="e1"><ANNOTATION_VALUE>Sit</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>',
      '<CONTROLLED_VOCABULARY CV_ID="old" DESCRIPTION="v2.7"><CV_ENTRY DESCRIPTION="">Stand</CV_ENTRY><CV_ENTRY CVE_ID="e1">Sit</CV_ENTRY></CONTROLLED_VOCABULARY>',
    )
      .replace('LINGUISTIC_TYPE_ID="t"', 'CONTROLLED_VOCABULARY_REF="old" LINGUISTIC_TYPE_ID="t"')
      .replace('MIME_TYPE="video/mp4"', 'MIME_TYPE="video/mp4" TIME_ORIGIN="-2600"');
    const result = plan(text);
    if (result.format !== 'elan') throw new Error(result.format);
    const [document] = result.documents;
    expect(document!.videoIds).toEqual(['clip', 'in']);
    expect(document!.vocabularies.map((v) => [v.id, v.labels])).toEqual([
      ['old', ['Stand', 'Sit']],
    ]);
    // [1.0, 2.5) − 2.6 s ends before the media starts; [2.5, 3.0) − 2.6 s starts before it.
    expect(document!.segments).toEqual([
      { annotator: 'ann', startSec: 0, endSec: 0.4, label: 'Sit' },
    ]);
    const warnings = result.warnings.join('\n');
    expect(warnings).toMatch(
      /1 annotation\(s\) end before the media starts \(TIME_ORIGIN -2600 ms\)/,
    );
    expect(warnings).toMatch(/1 annotation\(s\) start before the media starts .* and begin at 0/);
  });

  it('names the file and XML path of each problem', () => {
    const at = (from: string, to: string) => errorOf(eaf(SLOTS, ONE).replace(from, to));
    expect(at('TIME_VALUE="2500"', 'TIME_VALUE="2.5"')).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIME_ORDER[1]/TIME_SLOT[2]@TIME_VALUE: expected a whole number ≥ 0, found "2.5"',
    );
    expect(at('TIME_SLOT_ID="ts2"', 'TIME_SLOT_ID="ts1"')).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIME_ORDER[1]/TIME_SLOT[2]@TIME_SLOT_ID: "ts1" appears twice (first at /ANNOTATION_DOCUMENT[1]/TIME_ORDER[1]/TIME_SLOT[1])',
    );
    expect(at('TIME_SLOT_REF2="ts2"', 'TIME_SLOT_REF2="ts9"')).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIER[1]/ANNOTATION[1]/ALIGNABLE_ANNOTATION[1]@TIME_SLOT_REF2: "ts9" is no TIME_SLOT_ID of TIME_ORDER',
    );
    expect(
      at('TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"', 'TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts1"'),
    ).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIER[1]/ANNOTATION[1]/ALIGNABLE_ANNOTATION[1]: ends (ts1 = 1000 ms) before it starts (ts2 = 2500 ms)',
    );
    expect(at(' TIER_ID="ann"', '')).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIER[1]@TIER_ID: missing',
    );
    expect(at('TIME_UNITS="milliseconds"', 'TIME_UNITS="PAL-frames"')).toMatch(
      /^in\.eaf: \/ANNOTATION_DOCUMENT\[1\]\/HEADER\[1\]@TIME_UNITS: time units "PAL-frames" are not read/,
    );
    expect(at('MIME_TYPE="video/mp4"', 'MIME_TYPE="video/mp4" TIME_ORIGIN="soon"')).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/HEADER[1]/MEDIA_DESCRIPTOR[1]@TIME_ORIGIN: expected a whole number of milliseconds, found "soon"',
    );
    expect(errorOf(eaf(SLOTS, ONE + ONE.replace('TIER_ID="ann"', 'TIER_ID="b"')))).toBe(
      'in.eaf: /ANNOTATION_DOCUMENT[1]/TIER[2]/ANNOTATION[1]/ALIGNABLE_ANNOTATION[1]@ANNOTATION_ID: "a1" appears twice (first at /ANNOTATION_DOCUMENT[1]/TIER[1]/ANNOTATION[1]/ALIGNABLE_ANNOTATION[1])',
    );
    const loop =
      '<TIER LINGUISTIC_TYPE_REF="t" TIER_ID="n"><ANNOTATION><REF_ANNOTATION ANNOTATION_ID="r1" ANNOTATION_REF="r2"><ANNOTATION_VALUE>x</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION><ANNOTATION><REF_ANNOTATION ANNOTATION_ID="r2" ANNOTATION_REF="r1"><ANNOTATION_VALUE>y</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION></TIER>';
    expect(errorOf(eaf(SLOTS, loop))).toMatch(
      /^in\.eaf: \/ANNOTATION_DOCUMENT\[1\]\/TIER\[1\]\/ANNOTATION\[1\]\/REF_ANNOTATION\[1\]@ANNOTATION_REF: the chain of referred annotations is longer than 1000 or a loop$/,
    );
    expect(errorOf('<CVAT/>')).toBe(
      'in.eaf: /CVAT[1]: expected an ELAN ANNOTATION_DOCUMENT as the root element, found CVAT',
    );
  });

  it('refuses a DOCTYPE and changes nothing', async () => {
    const dir = tempDir('elan-doctype');
    const project = open(dir);
    try {
      const file = path.join(dir, 'x.eaf');
      writeFileSync(
        file,
        eaf(SLOTS, ONE).replace(
          '<ANNOTATION_DOCUMENT',
          '<!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<ANNOTATION_DOCUMENT',
        ),
      );
      const before = quickDigest(project.db);
      await expect(importFile(project, file)).rejects.toThrow(
        /x\.eaf: has a DOCTYPE; it is refused/,
      );
      expect(quickDigest(project.db)).toBe(before);
    } finally {
      project.close();
    }
  });
});

describe('ELAN export', () => {
  it('writes .eaf files that come back within 1 ms, overlapping segments on a second tier', async () => {
    const dir = tempDir('elan-export');
    const project = open(dir);
    const out = path.join(dir, 'eaf');
    let before: Row[];
    try {
      upsertVideo(project.db, { id: 'clip', path: '/m/clip.mp4', fpsNum: 25, fpsDen: 1 });
      upsertVideo(project.db, { id: 'yt', url: 'https://example.org/yt.webm' });
      const alice = project.annotator('alice').id;
      const bob = project.annotator('bob').id;
      const add = (videoId: string, startSec: number, endSec: number, label: string, id: number) =>
        insertSegment(project.db, {
          videoId,
          startSec,
          endSec,
          label,
          provenance: 'imported',
          annotatorId: id,
        });
      add('clip', 0.1 + 0.2, 3, 'Chopping', alice);
      add('clip', 2, 4.0004, 'Stirring <fast> & "hot"', alice); // overlaps the first
      add('clip', 4, 4.0002, 'Blink', bob); // under a millisecond: left out
      add('yt', 1 / 3, 2.5, 'Washing', bob);
      const result = elanText(project.db, { date: new Date(Date.UTC(2024, 0, 2)) });
      expect(result.files?.map((f) => f.name)).toEqual(['clip.eaf', 'yt.eaf']);
      expect(result.itemCount).toBe(3);
      expect(result.warnings.join('\n')).toMatch(/1 segment\(s\) shorter than ELAN's millisecond/);
      const clip = result.files![0]!.text;
      expect(clip).toContain(
        '<MEDIA_DESCRIPTOR MEDIA_URL="file:///m/clip.mp4" MIME_TYPE="video/mp4" RELATIVE_MEDIA_URL="./clip.mp4"/>',
      );
      expect(clip).not.toContain('TIME_ORIGIN');
      expect(clip).toContain(
        '<TIER ANNOTATOR="alice" LINGUISTIC_TYPE_REF="action" TIER_ID="alice (2)">',
      );
      expect(clip).toContain(
        '<ANNOTATION_VALUE>Stirring &lt;fast&gt; &amp; "hot"</ANNOTATION_VALUE>',
      );
      expect(clip).toContain('<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="300"/>');
      expect(clip).toContain('<CVE_VALUE LANG_REF="und">Chopping</CVE_VALUE>');
      await writeExport(result, out);
      before = rows(project).filter((r) => r.label !== 'Blink');
    } finally {
      project.close();
    }
    const copy = open(dir, 'copy.actionline');
    try {
      const summary = await importFile(copy, out); // a folder of .eaf: detected
      expect(summary.annotators).toEqual(['alice', 'bob']);
      const after = rows(copy);
      expect(after.map((r) => [r.video, r.layer, r.label])).toEqual(
        before.map((r) => [r.video, r.layer, r.label]),
      );
      after.forEach((r, i) => {
        expect(Math.abs(r.startSec - before[i]!.startSec)).toBeLessThanOrEqual(0.0005);
        expect(Math.abs(r.endSec - before[i]!.endSec)).toBeLessThanOrEqual(0.0005);
      });
      const set = getActiveLabelSet(copy.db)!;
      expect(set.name).toBe('Actionline labels');
      expect(classNames(copy.db, set.id)).toEqual([
        'Blink',
        'Chopping',
        'Stirring <fast> & "hot"',
        'Washing',
      ]);
    } finally {
      copy.close();
    }
  });

  it('writes one video as one file', () => {
    const dir = tempDir('elan-one');
    const project = open(dir);
    try {
      upsertVideo(project.db, { id: 'clip', path: '/m/clip.mp4' });
      const result = elanText(project.db);
      expect(result.files).toBeUndefined();
      expect(result.text).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ANNOTATION_DOCUMENT /,
      );
      expect(() => parseXmlText(result.text, 'one.eaf')).not.toThrow();
    } finally {
      project.close();
    }
  });
});

describe('ELAN import fuzz', () => {
  it('mutated files: success, or one line naming the file and no change', async () => {
    const dir = tempDir('elan-fuzz');
    const project = open(dir);
    try {
      await importFile(project, FIXTURE);
      const base = readFileSync(FIXTURE, 'utf8');
      const random = mulberry32(0xe1a9);
      const file = path.join(dir, 'fuzz.eaf');
      const outcomes = await fuzzImports(project, file, 'elan', 150, () =>
        mutatedXml(base, random),
      );
      expect(outcomes.imported).toBeGreaterThan(10);
      expect(outcomes.refused).toBeGreaterThan(30);
    } finally {
      project.close();
    }
  });

  it('a huge file (over the bound) and a folder with one bad file: refused whole, nothing changed', async () => {
    const dir = tempDir('elan-huge');
    const project = open(dir);
    try {
      const slots: string[] = [];
      const annotations: string[] = [];
      for (let i = 0; i < 8_000; i++) {
        slots.push(`<TIME_SLOT TIME_SLOT_ID="ts${2 * i}" TIME_VALUE="${i * 10}"/>`);
        slots.push(`<TIME_SLOT TIME_SLOT_ID="ts${2 * i + 1}" TIME_VALUE="${i * 10 + 5}"/>`);
        annotations.push(
          `<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a${i}" TIME_SLOT_REF1="ts${2 * i}" TIME_SLOT_REF2="ts${2 * i + 1}"><ANNOTATION_VALUE>L${i % 7}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>`,
        );
      }
      const huge = path.join(dir, 'huge.eaf');
      writeFileSync(
        huge,
        eaf(
          slots.join(''),
          `<TIER LINGUISTIC_TYPE_REF="t" TIER_ID="ann">${annotations.join('')}</TIER>`,
        ),
      );
      const before = quickDigest(project.db);
      await expect(importFile(project, huge, { maxBytes: 1_000_000 })).rejects.toThrow(
        /huge\.eaf: .* is larger than the .* an import accepts/,
      );
      expect(quickDigest(project.db)).toBe(before);
      // Under the bound it would import (not run here: the XML parser reads about 1 MB/s).

      const folder = path.join(dir, 'folder');
      mkdirSync(folder);
      writeFileSync(path.join(folder, 'a.eaf'), eaf(SLOTS, ONE, '', 'a.mp4'));
      writeFileSync(
        path.join(folder, 'b.eaf'),
        eaf(SLOTS, ONE, '', 'b.mp4').replace('ts2"', 'ts7"'),
      );
      expect(readdirSync(folder)).toHaveLength(2);
      const digest = quickDigest(project.db);
      await expect(importFile(project, folder)).rejects.toThrow(
        /folder\/b\.eaf: .*ALIGNABLE_ANNOTATION/,
      );
      expect(quickDigest(project.db)).toBe(digest);
    } finally {
      project.close();
    }
  });
});
