import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { THUMOS14_CLASS_IDS } from '../../../../../main/formats/export/thumos14Classes.ts';
import { thumos14Text } from '../../../../../main/formats/export/thumos14Export.ts';
import type { Project } from '../../../../../main/project/project.ts';
import { createRun, replacePredictions } from '../../../../../main/project/runs.ts';
import { upsertVideo } from '../../../../../main/project/videos.ts';
import { tempProject } from './exportFixtures.ts';
import { addOverlappingRuns, addPredictions } from './predictionsProject.ts';

let project: Project;
beforeEach(() => {
  project = tempProject();
  addPredictions(project);
});
afterEach(() => project.close());

describe('THUMOS14 export', () => {
  it('writes one plain-decimal line per THUMOS14-class prediction and counts the rest', () => {
    const { text, warnings, videoCount, itemCount } = thumos14Text(project.db);
    expect(text).toBe(
      [
        '17 3 4 26 0.000000001',
        'video_test_10 5 6 79 0.1',
        'video_test_2 0.0000001 2.5 40 0.25',
        'video_test_2 10 12.3 68 0.5',
        '',
      ].join('\n'),
    );
    expect(warnings).toEqual([
      '1 segment(s) left out: label not one of the 20 THUMOS14 classes ("Mooping floor")',
    ]);
    expect([videoCount, itemCount]).toEqual([3, 4]);
    // The digits are the float64's: 0.1 + 0.2 + 12 is 12.3 exactly in float64 text.
    expect(Number('0.0000001')).toBe(1e-7);
  });

  it('leaves out videos whose id holds whitespace', () => {
    upsertVideo(project.db, { id: 'my video', durationSec: 10 });
    const runId = createRun(project.db, { modelId: 'm', streams: [] });
    replacePredictions(
      project.db,
      runId,
      'my video',
      [{ startSec: 1, endSec: 2, label: 'Diving', score: 1 }],
      [],
    );
    const { text, warnings } = thumos14Text(project.db);
    expect(text).not.toContain('my video');
    expect(warnings).toContain(
      '1 video(s) left out: the id holds whitespace, which THUMOS14 lines cannot carry',
    );
  });

  it("without --run writes each video's newest run and names it; --run one run", () => {
    const two = tempProject();
    const { older, newer } = addOverlappingRuns(two);
    const { text, notes } = thumos14Text(two.db);
    expect(text).toBe(['a 0 1 26 0.9', 'b 4 5 79 0.6', 'c 6 7 79 0.5', ''].join('\n'));
    expect(notes).toEqual([
      `from each video's newest run: run ${older} (motion, 2026-12-05) for 1 video, run ${newer} (tsn-rgb, 2026-12-07) for 2 videos`,
      '1 video also has predictions of an older run, not written',
    ]);
    expect(thumos14Text(two.db, { runId: older }).text).toBe('a 0 1 26 0.9\nb 2 3 26 0.8\n');
    two.close();
  });

  it('knows the 20 classes of FORMATS.md', () => {
    expect(THUMOS14_CLASS_IDS.size).toBe(20);
    expect(THUMOS14_CLASS_IDS.get('VolleyballSpiking')).toBe(97);
    expect(THUMOS14_CLASS_IDS.get('BaseballPitch')).toBe(7);
  });
});
