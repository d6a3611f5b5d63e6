import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseResults } from '../../../../../main/activitynet/parseResults.ts';
import { resultsText } from '../../../../../main/formats/export/resultsExport.ts';
import type { Project } from '../../../../../main/project/project.ts';
import { tempProject } from './exportFixtures.ts';
import {
  addOverlappingRuns,
  addPredictions,
  NEWER_RUN_DATE,
  OLDER_RUN_DATE,
} from './predictionsProject.ts';

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

describe("without --run: each video's newest run", () => {
  let two: Project;
  let ids: { older: number; newer: number };
  beforeEach(() => {
    two = tempProject();
    ids = addOverlappingRuns(two);
  });
  afterEach(() => two.close());

  const run = (id: number, model: string, date: string, videos: string[]) => ({
    run: id,
    model,
    created_at: date,
    videos,
  });

  it('detection: b only from the newer run; the file and a note name the run of each video', () => {
    const { text, warnings, notes, videoCount, itemCount } = resultsText(two.db);
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json.results).toEqual({
      a: [{ label: 'Diving', score: 0.9, segment: [0, 1] }],
      b: [{ label: 'Shotput', score: 0.6, segment: [4, 5] }],
      c: [{ label: 'Shotput', score: 0.5, segment: [6, 7] }],
    });
    expect([videoCount, itemCount]).toEqual([3, 3]);
    // What the official evaluator requires is there; the rest is under Actionline's own key.
    expect(Object.keys(json)).toEqual(['version', 'results', 'external_data', 'actionline']);
    expect(json.actionline).toEqual({
      product: 'detections',
      runs: [
        run(ids.older, 'motion', OLDER_RUN_DATE, ['a']),
        run(ids.newer, 'tsn-rgb', NEWER_RUN_DATE, ['b', 'c']),
      ],
    });
    expect(parseResults(json, 'exported.json', 'detection').product).toBe('detections');
    expect(warnings).toEqual([]);
    expect(notes).toEqual([
      `from each video's newest run: run ${ids.older} (motion, 2026-12-05) for 1 video, run ${ids.newer} (tsn-rgb, 2026-12-07) for 2 videos`,
      '1 video also has predictions of an older run, not written',
    ]);
  });

  it('suggestions: the newest run that made suggestions for the video', () => {
    const { text, notes } = resultsText(two.db, { product: 'suggested' });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(json.results).toEqual({ b: [{ label: 'Diving', score: 0.7, segment: [2, 3] }] });
    expect(json.actionline).toEqual({
      product: 'suggestions',
      runs: [run(ids.older, 'motion', OLDER_RUN_DATE, ['b'])],
    });
    expect(notes).toEqual([
      `from each video's newest run: run ${ids.older} (motion, 2026-12-05) for 1 video`,
    ]);
  });

  it('classification and proposals too', () => {
    const classification = JSON.parse(resultsText(two.db, { task: 'classification' }).text) as {
      results: unknown;
      actionline: unknown;
    };
    expect(classification.results).toEqual({
      a: [{ label: 'Diving', score: 0.9 }],
      b: [{ label: 'Shotput', score: 0.6 }],
    });
    expect(classification.actionline).toEqual({
      runs: [
        run(ids.older, 'motion', OLDER_RUN_DATE, ['a']),
        run(ids.newer, 'tsn-rgb', NEWER_RUN_DATE, ['b']),
      ],
    });
    const proposals = JSON.parse(resultsText(two.db, { task: 'proposals' }).text) as Record<
      string,
      unknown
    >;
    expect(proposals.results).toEqual({
      a: [{ score: 0.9, segment: [0, 1] }],
      b: [{ score: 0.6, segment: [4, 5] }],
      c: [{ score: 0.5, segment: [6, 7] }],
    });
    expect(parseResults(proposals, 'p.json', 'proposals').videos).toHaveLength(3);
  });

  it('--run writes that run as before: no marker, no note', () => {
    const { text, notes, warnings } = resultsText(two.db, { runId: ids.older });
    const json = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(json.results as object)).toEqual(['a', 'b']);
    expect(json.actionline).toBeUndefined();
    expect(notes ?? []).toEqual([]);
    expect(warnings).toEqual([]);
  });
});
