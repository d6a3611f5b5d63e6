import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resultsText } from '../../../../../main/formats/export/resultsExport.ts';
import type { Project } from '../../../../../main/project/project.ts';
import { tempProject } from './exportFixtures.ts';
import { addPredictions } from './predictionsProject.ts';

let project: Project;
let runs: { run1: number; run2: number };
beforeEach(() => {
  project = tempProject();
  runs = addPredictions(project);
});
afterEach(() => project.close());

const resultsOf = (text: string) =>
  (JSON.parse(text) as { results: Record<string, unknown[]> }).results;

describe('ActivityNet results export', () => {
  it('detection: every video with predictions once, ids sorted, reviewed predictions kept', () => {
    const { text, videoCount, itemCount } = resultsText(project.db);
    expect(text.split('\n').slice(0, 4)).toEqual([
      '{',
      '  "version": "VERSION 1.3",',
      '  "results": {',
      '    "17": [',
    ]);
    expect(text).toContain('"external_data": {"used": false, "details": ""}');
    const results = resultsOf(text);
    expect(Object.keys(results).sort()).toEqual(['17', 'video_test_10', 'video_test_2']);
    expect(results['video_test_2']).toEqual([
      { label: 'Mooping floor', score: 0.75, segment: [1e-7, 2.5] },
      { label: 'PoleVault', score: 0.5, segment: [10, 0.1 + 0.2 + 12] },
      { label: 'HighJump', score: 0.25, segment: [1e-7, 2.5] },
    ]);
    expect(results['17']).toEqual([{ label: 'Diving', score: 1e-9, segment: [3, 4] }]);
    expect([videoCount, itemCount]).toEqual([3, 5]);
  });

  it('--run keeps one run; --subset one subset', () => {
    expect(Object.keys(resultsOf(resultsText(project.db, { runId: runs.run2 }).text))).toEqual([
      'video_test_10',
    ]);
    expect(Object.keys(resultsOf(resultsText(project.db, { subset: 'training' }).text))).toEqual([
      '17',
    ]);
  });

  it('classification: the predicted video labels', () => {
    const results = resultsOf(resultsText(project.db, { task: 'classification' }).text);
    expect(results).toEqual({
      '17': [{ label: 'Diving', score: 0.9 }],
      video_test_2: [
        { label: 'HighJump', score: 0.6 },
        { label: 'PoleVault', score: 0.4 },
      ],
    });
  });

  it('proposals: segments without labels, one per stretch of time (its best score)', () => {
    const results = resultsOf(resultsText(project.db, { task: 'proposals' }).text);
    expect(results['video_test_2']).toEqual([
      { score: 0.75, segment: [1e-7, 2.5] },
      { score: 0.5, segment: [10, 0.1 + 0.2 + 12] },
    ]);
  });

  it('an empty project gives an empty results object', () => {
    const empty = tempProject();
    expect(resultsOf(resultsText(empty.db).text)).toEqual({});
    empty.close();
  });
});
