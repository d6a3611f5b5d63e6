import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../../../main/project/project.ts';
import {
  createRun,
  replacePredictions,
  storeSnippetScores,
} from '../../../../main/project/runs.ts';
import { acceptSegments, bulkAccept } from '../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { logitScores, tempProject, videoWithPredictions } from './projectFixture.ts';

/**
 * The annotator's layer holds the undecided predictions of the video's newest run only: a
 * head that re-derived a video replaces the suggestions reviewed there, it is not reviewed
 * beside them; what the annotator decided on an older run stays theirs.
 */
let project: Project;
let dispose: () => void;
let me: number;
beforeEach(() => {
  ({ project, dispose } = tempProject());
  videoWithPredictions(project, 'v1'); // run 1: motion [2, 5) 0.9 and [10, 14) 0.4
  videoWithPredictions(project, 'v2'); // run 2, another video
  me = project.annotator('ana').id;
});
afterEach(() => dispose());

const LABELS = ['background', 'pick'];
const headRun = () =>
  createRun(project.db, {
    modelId: 'head:h',
    streams: [{ stream: 'rgb', modelId: 'head:h', weight: 1, labels: LABELS }],
  });
const layer = (videoId = 'v1') =>
  segmentsInLayer(project.db, videoId, me).map((s) => [s.label, s.provenance, s.runId]);

describe("an annotator's layer and the video's newest run", () => {
  it('shows the newest run’s undecided predictions and keeps decisions made on older ones', () => {
    const [first] = segmentsInLayer(project.db, 'v1', me);
    acceptSegments(project.db, me, [first!.id]);
    const run = headRun();
    replacePredictions(
      project.db,
      run,
      'v1',
      [],
      [],
      [{ startSec: 4, endSec: 8, label: 'pick', score: 0.7 }],
    );
    expect(layer()).toEqual([
      ['motion', 'accepted', 1],
      ['pick', 'predicted', run],
    ]);
    // Another video's newest run is its own.
    expect(layer('v2').map(([label]) => label)).toEqual(['motion', 'motion']);
    // Every run's predictions without an annotator, as before.
    expect(segmentsInLayer(project.db, 'v1', null)).toHaveLength(3);
  });

  it('a newer run that scored the video and suggested nothing leaves nothing to review', () => {
    const run = headRun();
    storeSnippetScores(
      project.db,
      run,
      'rgb',
      'v1',
      logitScores(LABELS, 4, () => 0),
    );
    expect(layer()).toEqual([]);
  });

  it('accepting above a score takes the newest run’s predictions only', () => {
    const run = headRun();
    replacePredictions(
      project.db,
      run,
      'v1',
      [],
      [],
      [{ startSec: 20, endSec: 25, label: 'pick', score: 0.95 }],
    );
    bulkAccept(project.db, me, 'v1', 0.5);
    expect(layer()).toEqual([['pick', 'accepted', run]]);
  });
});
