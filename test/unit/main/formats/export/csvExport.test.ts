import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { csvExportText } from '../../../../../main/formats/export/csvExport.ts';
import { csvText } from '../../../../../main/formats/export/csvField.ts';
import type { Project } from '../../../../../main/project/project.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { insertSegment, tempProject } from './exportFixtures.ts';
import { addPredictions } from './predictionsProject.ts';

describe('CSV fields', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvText('plain label')).toBe('plain label');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('cr\rhere')).toBe('"cr\rhere"');
  });

  it('guards text a spreadsheet would run as a formula', () => {
    expect(csvText('=SUM(A1)')).toBe(`"'=SUM(A1)"`);
    expect(csvText('+1')).toBe(`"'+1"`);
    expect(csvText('-x')).toBe(`"'-x"`);
    expect(csvText('@cmd')).toBe(`"'@cmd"`);
    expect(csvText('\tx')).toBe(`"'\tx"`);
    expect(csvText('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvText('a=b')).toBe('a=b');
  });
});

describe('CSV export', () => {
  let project: Project;
  beforeEach(() => {
    project = tempProject();
    addPredictions(project);
  });
  afterEach(() => project.close());

  it('writes every segment row, sorted, with provenance and annotator', () => {
    const bob = project.annotator('bob').id;
    upsertVideo(project.db, { id: '=evil', durationSec: 10 });
    insertSegment(project.db, {
      videoId: '=evil',
      startSec: -0.5,
      endSec: 1e-7,
      label: 'a, "b"\nc',
      provenance: 'manual',
      annotatorId: bob,
    });
    const { text, itemCount, videoCount } = csvExportText(project.db);
    expect(text.split('\r\n')).toEqual([
      'video_id,start_sec,end_sec,label,score,provenance,annotator',
      '17,3,4,Diving,0.000000001,predicted,',
      '17,3,4,Diving,0.000000001,rejected,alice',
      `"'=evil",-0.5,0.0000001,"a, ""b""\nc",,manual,bob`,
      'video_test_10,5,6,Shotput,0.1,predicted,',
      'video_test_2,0.0000001,2.5,HighJump,0.25,predicted,',
      'video_test_2,0.0000001,2.5,Mooping floor,0.75,predicted,',
      'video_test_2,10,12.3,PoleVault,0.5,predicted,',
      '',
    ]);
    expect([videoCount, itemCount]).toEqual([4, 7]);
  });

  it("--annotator gives that annotator's layer; --subset one subset", () => {
    const alice = project.annotator('alice').id;
    const layer = csvExportText(project.db, { annotatorId: alice, subset: 'training' }).text;
    expect(layer.split('\r\n').slice(1)).toEqual(['17,3,4,Diving,0.000000001,rejected,alice', '']);
  });
});
