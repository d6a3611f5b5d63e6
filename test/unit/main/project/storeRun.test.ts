import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setClassMapping } from '../../../../main/project/classMapping.ts';
import type { Project } from '../../../../main/project/project.ts';
import { listRuns, readSnippetScores } from '../../../../main/project/runs.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { readSnippetFeatures } from '../../../../main/project/snippetFeatures.ts';
import { storeRun, storeRunVideo } from '../../../../main/project/storeRun.ts';
import { videoLabels } from '../../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { logitScores, tempProject } from './projectFixture.ts';

let project: Project;
let dispose: () => void;
beforeEach(() => {
  ({ project, dispose } = tempProject());
  upsertVideo(project.db, { id: 'v1', durationSec: 10 });
  upsertVideo(project.db, { id: 'v2', durationSec: 10 });
});
afterEach(() => dispose());

const LABELS = ['background', 'long jump', 'triple jump', 'abseiling'];
const RUN = {
  modelId: 'tsn',
  params: { derivation: { task: 'detection' } },
  streams: [{ stream: 'rgb', modelId: 'tsn', weight: 1, labels: LABELS }],
};
/** Values over four orders of magnitude, both signs: what float16 must keep to ~3 digits. */
const scores = logitScores(LABELS, 10, (label, k) =>
  label === 'background' ? -0.0123 * (k + 1) : (k + 1) * 1.37 ** LABELS.indexOf(label) * 10.1,
);
const derived = {
  segments: [
    { startSec: 1, endSec: 3, label: 'long jump', score: 0.6 },
    { startSec: 2, endSec: 4, label: 'triple jump', score: 0.4 },
    { startSec: 5, endSec: 6, label: 'abseiling', score: 0.9 },
  ],
  labels: [
    { label: 'abseiling', score: 0.5 },
    { label: 'triple jump', score: 0.3 },
    { label: 'long jump', score: 0.2 },
  ],
};

describe('storing an engine run', () => {
  it('stores float32 scores exactly and the predictions as derived without a mapping', () => {
    const stored = storeRun(project.db, RUN, [
      { videoId: 'v1', scores: { rgb: scores }, ...derived },
      { videoId: 'v2', scores: { rgb: scores }, segments: [], labels: [] },
    ]);
    expect(stored).toMatchObject({ videos: 2, segments: 3, videoLabels: 3, keptPredictions: 0 });
    const back = readSnippetScores(project.db, stored.runId, 'rgb', 'v1')!;
    expect(back.labels).toEqual(LABELS);
    expect(back.kind).toBe('logits');
    expect(back.snippetCenterSec).toEqual(scores.snippetCenterSec);
    expect(Array.from(back.scores)).toEqual(Array.from(scores.scores));
    expect(listRuns(project.db)[0]).toMatchObject({ modelId: 'tsn', params: RUN.params });
    expect(segmentsInLayer(project.db, 'v1', null).map((s) => [s.label, s.provenance])).toEqual([
      ['long jump', 'predicted'],
      ['triple jump', 'predicted'],
      ['abseiling', 'predicted'],
    ]);
  });

  it('stores float16 scores within 1e-3 relative', () => {
    const { runId } = storeRun(
      project.db,
      RUN,
      [{ videoId: 'v1', scores: { rgb: scores }, ...derived }],
      {
        dtype: 'float16',
      },
    );
    const back = readSnippetScores(project.db, runId, 'rgb', 'v1')!;
    scores.scores.forEach((value, i) => {
      expect(Math.abs(back.scores[i]! - value)).toBeLessThanOrEqual(1e-3 * Math.abs(value));
    });
  });

  it('applies the class mapping: unmapped dropped, many to one, video labels by best score', () => {
    setClassMapping(project.db, 'tsn', [
      { modelClass: 'long jump', label: 'jumping' },
      { modelClass: 'triple jump', label: 'jumping' },
    ]);
    const stored = storeRun(project.db, RUN, [
      { videoId: 'v1', scores: { rgb: scores }, ...derived },
    ]);
    expect(stored).toMatchObject({ segments: 2, videoLabels: 1 });
    expect(
      segmentsInLayer(project.db, 'v1', null).map((s) => [s.startSec, s.label, s.score]),
    ).toEqual([
      [1, 'jumping', 0.6],
      [2, 'jumping', 0.4],
    ]);
    expect(videoLabels(project.db, 'v1').map((l) => [l.label, l.kind, l.score])).toEqual([
      ['jumping', 'predicted', 0.3],
    ]);
  });

  it('refuses scores that do not fit the run, and stores nothing of it', () => {
    const reordered = { ...scores, labels: [...LABELS].reverse() };
    expect(() =>
      storeRun(project.db, RUN, [{ videoId: 'v1', scores: { rgb: reordered }, ...derived }]),
    ).toThrow(/stream "rgb", video "v1": the scores' classes differ/);
    expect(() => storeRun(project.db, RUN, [{ videoId: 'v1', scores: {}, ...derived }])).toThrow(
      /no "rgb" scores for video "v1"/,
    );
    expect(() =>
      storeRun(project.db, RUN, [
        { videoId: 'v1', scores: { rgb: scores, flow: scores }, ...derived },
      ]),
    ).toThrow(/has no stream "flow"/);
    expect(() =>
      storeRun(project.db, RUN, [{ videoId: 'nope', scores: { rgb: scores }, ...derived }]),
    ).toThrow(/no video "nope"/);
    expect(listRuns(project.db)).toEqual([]);
  });

  it('storing a video again replaces its scores and untouched predictions', () => {
    const { runId } = storeRun(project.db, RUN, [
      { videoId: 'v1', scores: { rgb: scores }, ...derived },
    ]);
    const again = storeRunVideo(project.db, runId, {
      videoId: 'v1',
      scores: { rgb: scores },
      segments: [{ startSec: 7, endSec: 9, label: 'abseiling', score: 0.8 }],
      labels: [],
    });
    expect(again).toEqual({
      videos: 1,
      segments: 1,
      suggestions: 0,
      videoLabels: 0,
      keptPredictions: 0,
    });
    expect(segmentsInLayer(project.db, 'v1', null).map((s) => s.startSec)).toEqual([7]);
    expect(videoLabels(project.db, 'v1')).toEqual([]);
  });

  it("stores a video's features with its scores, and they go with the run or the video", () => {
    const features = { dim: 3, values: Float32Array.from({ length: 30 }, (_, i) => i / 8) };
    const { runId } = storeRun(project.db, RUN, [
      { videoId: 'v1', scores: { rgb: scores }, ...derived, features },
      { videoId: 'v2', scores: { rgb: scores }, ...derived, features },
    ]);
    expect(readSnippetFeatures(project.db, runId, 'v1')).toEqual(features); // eighths: exact in float16
    const rows = () =>
      (project.db.prepare('SELECT count(*) AS n FROM snippet_features').get() as { n: number }).n;
    // Features of another snippet count stop the whole video: its scores are not replaced either.
    const other = logitScores(LABELS, 12, () => 1);
    expect(() =>
      storeRunVideo(project.db, runId, {
        videoId: 'v1',
        scores: { rgb: other },
        ...derived,
        features,
      }),
    ).toThrow(/10 snippets of features, but the run's scores have 12/);
    expect(readSnippetScores(project.db, runId, 'rgb', 'v1')!.snippetCenterSec.length).toBe(10);
    // Scored again without features: the old ones, of other snippets perhaps, are gone.
    storeRunVideo(project.db, runId, { videoId: 'v1', scores: { rgb: scores }, ...derived });
    expect(readSnippetFeatures(project.db, runId, 'v1')).toBeNull();
    expect(rows()).toBe(1);
    project.db.prepare("DELETE FROM videos WHERE id = 'v2'").run();
    expect(rows()).toBe(0);
    storeRunVideo(project.db, runId, {
      videoId: 'v1',
      scores: { rgb: scores },
      ...derived,
      features,
    });
    expect(rows()).toBe(1);
    project.db.prepare('DELETE FROM model_runs WHERE id = ?').run(runId);
    expect(rows()).toBe(0);
  });
});
