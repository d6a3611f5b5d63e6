import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groundTruthText } from '../../../../../main/formats/export/groundTruthExport.ts';
import type { Project } from '../../../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../../../main/project/runs.ts';
import {
  acceptSegments,
  addSegment,
  rejectSegments,
} from '../../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../../main/project/segmentQueries.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { insertSegment, insertTaxonomy, tempProject } from './exportFixtures.ts';

let project: Project;
let alice: number;
let bob: number;

beforeEach(() => {
  project = tempProject();
  alice = project.annotator('alice').id;
  bob = project.annotator('bob').id;
});
afterEach(() => project.close());

type Gt = {
  taxonomy: unknown[];
  database: Record<string, { subset: string; annotations: { segment: number[]; label: string }[] }>;
};
const parse = (text: string) => JSON.parse(text) as Gt;
const segmentsOf = (text: string, id: string) =>
  parse(text).database[id]!.annotations.map((a) => [...a.segment, a.label]);

describe('ActivityNet ground truth export', () => {
  it('writes ids in code-point order, fields in a fixed order, numbers that read back bit for bit', () => {
    upsertVideo(project.db, {
      id: 'b',
      subset: 'validation',
      durationSec: 224.49,
      resolution: '1920x1080',
      url: 'https://example.org/b',
    });
    upsertVideo(project.db, { id: '17', subset: 'training', durationSec: 0.1 + 0.2 });
    upsertVideo(project.db, { id: '2', subset: 'testing', durationSec: 60 });
    insertSegment(project.db, {
      videoId: 'b',
      startSec: 1e-7,
      endSec: 123456.789,
      label: 'Zorbing',
      provenance: 'imported',
      annotatorId: alice,
    });
    insertSegment(project.db, {
      videoId: 'b',
      startSec: 1e-7,
      endSec: 0.1 + 0.2,
      label: 'Ärger, "quoted"',
      provenance: 'imported',
      annotatorId: alice,
    });
    insertSegment(project.db, {
      videoId: 'b',
      startSec: 1e-7,
      endSec: 0.1 + 0.2,
      label: 'Abseiling',
      provenance: 'imported',
      annotatorId: alice,
    });
    const { text, warnings, videoCount, itemCount } = groundTruthText(project.db);
    expect(text).toBe(
      [
        '{',
        '  "version": "VERSION 1.3",',
        '  "taxonomy": [],',
        '  "database": {',
        '    "17": {',
        '      "subset": "training",',
        '      "duration": 0.30000000000000004,',
        '      "annotations": []',
        '    },',
        '    "2": {',
        '      "subset": "testing",',
        '      "duration": 60,',
        '      "annotations": []',
        '    },',
        '    "b": {',
        '      "subset": "validation",',
        '      "duration": 224.49,',
        '      "resolution": "1920x1080",',
        '      "url": "https://example.org/b",',
        '      "annotations": [',
        '        {"segment": [1e-7, 0.30000000000000004], "label": "Abseiling"},',
        '        {"segment": [1e-7, 0.30000000000000004], "label": "Ärger, \\"quoted\\""},',
        '        {"segment": [1e-7, 123456.789], "label": "Zorbing"}',
        '      ]',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([]);
    expect([videoCount, itemCount]).toEqual([3, 3]);
    const b = parse(text).database.b!.annotations;
    expect(b[0]!.segment).toEqual([1e-7, 0.1 + 0.2]);
    expect(Object.is(b[2]!.segment[1], 123456.789)).toBe(true);
  });

  it('writes the taxonomy rows in position order, verbatim', () => {
    const nodes = [
      { nodeId: 0, nodeName: 'Root', parentId: null, parentName: null },
      { nodeId: 5, nodeName: 'Sports', parentId: 0, parentName: 'Root' },
      { nodeId: 3, nodeName: 'Zorbing', parentId: 5, parentName: 'Sports, outdoor' },
    ];
    insertTaxonomy(project.db, 'ActivityNet taxonomy', nodes);
    const { text } = groundTruthText(project.db);
    expect(parse(text).taxonomy).toEqual(nodes);
    expect(text).toContain(
      '    {"nodeId": 0, "nodeName": "Root", "parentId": null, "parentName": null},\n',
    );
  });

  describe('which segments', () => {
    let predictionIds: number[];
    beforeEach(() => {
      upsertVideo(project.db, { id: 'v', subset: 'validation', durationSec: 60 });
      const runId = createRun(project.db, {
        modelId: 'm',
        streams: [{ stream: 'rgb', modelId: 'm', weight: 1, labels: ['Jump'] }],
      });
      replacePredictions(
        project.db,
        runId,
        'v',
        [
          { startSec: 5, endSec: 8, label: 'Jump', score: 0.9 },
          { startSec: 20, endSec: 25, label: 'Jump', score: 0.3 },
          { startSec: 30, endSec: 31, label: 'Jump', score: 0.2 },
        ],
        [],
      );
      predictionIds = segmentsInLayer(project.db, 'v', null).map((s) => s.id);
      acceptSegments(project.db, alice, [predictionIds[0]!]);
      rejectSegments(project.db, bob, [predictionIds[1]!]);
      addSegment(project.db, alice, 'v', { startSec: 1, endSec: 2, label: 'Run' });
      addSegment(project.db, bob, 'v', { startSec: 1, endSec: 2, label: 'Run' });
      addSegment(project.db, bob, 'v', { startSec: 40, endSec: 50, label: 'Swim' });
      insertSegment(project.db, {
        videoId: 'v',
        startSec: 3,
        endSec: 4,
        label: 'Dup',
        provenance: 'imported',
        annotatorId: alice,
      });
      insertSegment(project.db, {
        videoId: 'v',
        startSec: 3,
        endSec: 4,
        label: 'Dup',
        provenance: 'imported',
        annotatorId: alice,
      });
    });

    it('every annotator: their work, never rejected or predicted; agreeing annotators count once', () => {
      expect(segmentsOf(groundTruthText(project.db).text, 'v')).toEqual([
        [1, 2, 'Run'],
        [3, 4, 'Dup'],
        [3, 4, 'Dup'],
        [5, 8, 'Jump'],
        [40, 50, 'Swim'],
      ]);
    });

    it('--include-predictions adds the predictions nobody has decided on', () => {
      const { text } = groundTruthText(project.db, { includePredictions: true });
      expect(segmentsOf(text, 'v')).toContainEqual([30, 31, 'Jump']);
      expect(segmentsOf(text, 'v')).not.toContainEqual([20, 25, 'Jump']);
    });

    it("--annotator: that annotator's layer only", () => {
      expect(segmentsOf(groundTruthText(project.db, { annotatorId: bob }).text, 'v')).toEqual([
        [1, 2, 'Run'],
        [40, 50, 'Swim'],
      ]);
      // Alice never decided on the prediction Bob rejected: in her layer it is still a prediction.
      const { text } = groundTruthText(project.db, {
        annotatorId: alice,
        includePredictions: true,
      });
      expect(segmentsOf(text, 'v')).toEqual([
        [1, 2, 'Run'],
        [3, 4, 'Dup'],
        [3, 4, 'Dup'],
        [5, 8, 'Jump'],
        [20, 25, 'Jump'],
        [30, 31, 'Jump'],
      ]);
    });
  });

  it('--subset keeps one subset; a video without one is written as the missing subset, with a warning', () => {
    upsertVideo(project.db, { id: 'train', subset: 'training', durationSec: 10 });
    upsertVideo(project.db, { id: 'val', subset: 'validation', durationSec: 10 });
    upsertVideo(project.db, { id: 'none' });
    insertSegment(project.db, {
      videoId: 'train',
      startSec: 1,
      endSec: 2,
      label: 'A',
      provenance: 'manual',
      annotatorId: alice,
    });
    insertSegment(project.db, {
      videoId: 'none',
      startSec: 1,
      endSec: 7.5,
      label: 'A',
      provenance: 'manual',
      annotatorId: alice,
    });
    const result = groundTruthText(project.db, { subset: 'validation' });
    expect(Object.keys(parse(result.text).database)).toEqual(['none', 'val']);
    expect(result.text).toContain(
      '"none": {\n      "subset": "validation",\n      "duration": 7.5,',
    );
    expect(result.warnings).toEqual([
      '1 video(s) have no subset; written as "validation"',
      expect.stringContaining('1 video(s) have no known duration'),
    ]);
    const training = groundTruthText(project.db, { subset: 'training', missingSubset: 'training' });
    expect(Object.keys(parse(training.text).database)).toEqual(['none', 'train']);
  });
});
