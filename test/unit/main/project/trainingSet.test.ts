/**
 * The training set a project's reviewed videos make (issue 26, item 4): targets snippet by
 * snippet from the annotator's layer (accepted, edited, manual and imported segments are their
 * class; rejected and undecided predictions background; two labels at once, labels outside the
 * label set and masked snippets left out), the stored float16 bits unchanged, the default
 * backbone run, and each refusal.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainingVideo } from '../../../../main/learn/types.ts';
import { requireAnnotator } from '../../../../main/project/annotators.ts';
import { createLabelSet, setActiveLabelSet } from '../../../../main/project/labelSets.ts';
import type { Project } from '../../../../main/project/project.ts';
import {
  createRun,
  replacePredictions,
  storeSnippetScores,
} from '../../../../main/project/runs.ts';
import {
  acceptSegments,
  addSegment,
  rejectSegments,
  updateSegment,
} from '../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { storeSnippetFeatures } from '../../../../main/project/snippetFeatures.ts';
import { trainingSet } from '../../../../main/project/trainingSet.ts';
import { setReviewStatus } from '../../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { logitScores, tempProject } from './projectFixture.ts';

const LABELS = ['chop', 'stir', 'pour'];
const SNIPPETS = 10;
const DIM = 4;

let project: Project;
let dispose: () => void;
let ann: number;
let other: number;

beforeEach(() => {
  ({ project, dispose } = tempProject());
  ann = project.annotator('ann').id;
  other = project.annotator('other').id;
  setActiveLabelSet(project.db, createLabelSet(project.db, 'kitchen', LABELS));
  for (const id of ['v1', 'v2', 'v3', 'v4']) upsertVideo(project.db, { id, durationSec: 10 });
});

afterEach(() => dispose());

/** A run whose scores cover `scored` and whose features cover `featured` (float16 unless named). */
function backboneRun(
  scored: string[],
  featured: string[],
  float32: string[] = [],
  modelId = 'tsn',
): number {
  const runId = createRun(project.db, {
    modelId,
    streams: [{ stream: 'rgb', modelId, weight: 1, labels: ['background', ...LABELS] }],
  });
  for (const videoId of scored) {
    storeSnippetScores(
      project.db,
      runId,
      'rgb',
      videoId,
      logitScores(['background', ...LABELS], SNIPPETS, () => 0),
    );
  }
  for (const videoId of featured) {
    storeSnippetFeatures(
      project.db,
      runId,
      videoId,
      featuresOf(videoId),
      float32.includes(videoId) ? 'float32' : 'float16',
    );
  }
  return runId;
}

/**
 * Distinct values per video and snippet; v2's snippet 0 masked (NaN), as undecodable frames;
 * v3's snippet 5 with a value past float16's range.
 */
function featuresOf(videoId: string) {
  const seed = Number(videoId.slice(1));
  const values = Float32Array.from(
    { length: SNIPPETS * DIM },
    (_, i) => Math.sin(seed * 100 + i) * 3 + 1 / 3,
  );
  if (videoId === 'v2') values.fill(Number.NaN, 0, DIM);
  if (videoId === 'v3') values[5 * DIM + 1] = 1e6;
  return { dim: DIM, values };
}

function float16Bits(values: Float32Array): number[] {
  return Array.from(new Uint16Array(Float16Array.from(values).buffer));
}

/** Run 1: v1 only; run 2 (the backbone): v1-v4; run 3: scores alone, the newest. */
function runs(): { old: number; backbone: number; scoresOnly: number } {
  const old = backboneRun(['v1'], ['v1']);
  const backbone = backboneRun(['v1', 'v2', 'v3', 'v4'], ['v1', 'v2', 'v3', 'v4'], ['v3']);
  const scoresOnly = backboneRun(['v1', 'v2', 'v3'], [], [], 'motion');
  return { old, backbone, scoresOnly };
}

/** A prediction of any run (the annotator's layer shows the newest run's only: run 3 here). */
function predictionAt(videoId: string, startSec: number) {
  return segmentsInLayer(project.db, videoId, null).find(
    (s) => s.provenance === 'predicted' && s.startSec === startSec,
  )!;
}

function insertImported(videoId: string, startSec: number, endSec: number, label: string) {
  project.db
    .prepare(
      `INSERT INTO segments (video_id, start_sec, end_sec, label, provenance, original_label,
         annotator_id, created_by, updated_at)
       VALUES (?, ?, ?, ?, 'imported', ?, ?, ?, ?)`,
    )
    .run(videoId, startSec, endSec, label, label, ann, ann, new Date().toISOString());
}

/**
 * v1: chop [1, 3) accepted, stir [4, 6) rejected, pour [7, 9) undecided, chop [8, 10) relabelled
 * stir (edited), and another annotator's stir over the whole video. v2: pour [2, 4) and stir
 * [3, 5) by hand (overlapping at 3.5), "dance" [6, 8) outside the label set, chop [8, 10)
 * imported. v3: chop [0.5, 1.5) by hand, the edge between snippets 0 and 1. v4, unreviewed:
 * pour everywhere. v1-v3 reviewed.
 */
function annotate(predictionRun: number): void {
  replacePredictions(
    project.db,
    predictionRun,
    'v1',
    [
      { startSec: 1, endSec: 3, label: 'chop', score: 0.9 },
      { startSec: 4, endSec: 6, label: 'stir', score: 0.8 },
      { startSec: 7, endSec: 9, label: 'pour', score: 0.7 },
      { startSec: 8, endSec: 10, label: 'chop', score: 0.6 },
    ],
    [],
  );
  acceptSegments(project.db, ann, [predictionAt('v1', 1).id]);
  rejectSegments(project.db, ann, [predictionAt('v1', 4).id]);
  updateSegment(project.db, ann, predictionAt('v1', 8).id, { label: 'stir' });
  addSegment(project.db, other, 'v1', { startSec: 0, endSec: 10, label: 'stir' });
  addSegment(project.db, ann, 'v2', { startSec: 2, endSec: 4, label: 'pour' });
  addSegment(project.db, ann, 'v2', { startSec: 3, endSec: 5, label: 'stir' });
  addSegment(project.db, ann, 'v2', { startSec: 6, endSec: 8, label: 'dance' });
  insertImported('v2', 8, 10, 'chop');
  addSegment(project.db, ann, 'v3', { startSec: 0.5, endSec: 1.5, label: 'chop' });
  addSegment(project.db, ann, 'v4', { startSec: 0, endSec: 10, label: 'pour' });
  for (const id of ['v1', 'v2', 'v3']) setReviewStatus(project.db, ann, id, 'reviewed');
}

const targets = (v: TrainingVideo | undefined) => Array.from(v!.targets);

describe('training set', () => {
  it('gives each reviewed snippet its class from the annotator layer, snippet by snippet', () => {
    const { backbone } = runs();
    annotate(backbone);
    const { set, runId, notes } = trainingSet(project.db, { annotatorId: ann });
    expect(runId).toBe(backbone);
    expect(set.classes).toEqual(['background', 'chop', 'stir', 'pour']);
    expect(set.dim).toBe(DIM);
    expect(set.videos.map((v) => v.videoId)).toEqual(['v1', 'v2', 'v3']);
    const [v1, v2, v3] = set.videos;
    // Centres k + 0.5. Accepted chop [1, 3): 1.5, 2.5; rejected stir and undecided pour:
    // background; edited stir [8, 10): 8.5, 9.5. The other annotator's stir is not here.
    expect(targets(v1)).toEqual([0, 1, 1, 0, 0, 0, 0, 0, 2, 2]);
    // Masked snippet 0; pour 2.5; pour and stir at 3.5: left out; stir 4.5; "dance" left out;
    // imported chop 8.5, 9.5.
    expect(targets(v2)).toEqual([-1, 0, 3, -1, 2, 0, -1, -1, 1, 1]);
    // [0.5, 1.5): the snippet centred on its start is in, the one on its end is not.
    // Snippet 5's value past float16 is infinite there: left out.
    expect(targets(v3)).toEqual([1, 0, 0, 0, 0, -1, 0, 0, 0, 0]);
    expect(notes.join('\n')).toMatch(/v3: 1 snippet with values past float16's range/);
    expect(notes.join('\n')).toMatch(/"dance".*not in the label set "kitchen".*2 snippets/);
    expect(notes.join('\n')).toMatch(/v2.*1 masked snippet/);
    expect(notes.join('\n')).toMatch(/run 2 \(tsn\).*3 of 3 reviewed videos/);
  });

  it('keeps the stored float16 bits, and converts float32 features exactly', () => {
    const { backbone } = runs();
    annotate(backbone);
    const stored = project.db
      .prepare('SELECT video_id, dtype, features FROM snippet_features WHERE run_id = ?')
      .all(backbone) as { video_id: string; dtype: string; features: Uint8Array }[];
    const { set } = trainingSet(project.db, { annotatorId: ann });
    for (const video of set.videos) {
      const row = stored.find((r) => r.video_id === video.videoId)!;
      expect(video.half).toBeInstanceOf(Uint16Array);
      expect(video.half.length).toBe(SNIPPETS * DIM);
      if (row.dtype === 'float16') {
        const bytes = Uint8Array.from(row.features);
        expect(Array.from(video.half)).toEqual(Array.from(new Uint16Array(bytes.buffer)));
      } else {
        expect(video.videoId).toBe('v3');
        expect(Array.from(video.half)).toEqual(float16Bits(featuresOf('v3').values));
      }
    }
  });

  it('takes the run with features for the most reviewed videos, the newest of equals', () => {
    const { old } = runs();
    annotate(old);
    const newer = backboneRun(['v1', 'v2', 'v3'], ['v1', 'v2', 'v3']);
    const chosen = trainingSet(project.db, { annotatorId: ann });
    expect(chosen.runId).toBe(newer);
    expect(chosen.notes.join('\n')).toMatch(new RegExp(`run ${newer} \\(tsn\\)`));
    // Run 1 has v1 alone, where no pour is: a label set without it.
    setActiveLabelSet(project.db, createLabelSet(project.db, 'no pour', ['chop', 'stir']));
    const asked = trainingSet(project.db, { annotatorId: ann, backboneRunId: old });
    expect(asked.runId).toBe(old);
    expect(asked.notes[0]).toMatch(/run 1 \(tsn\): features for 1 of 3 .*the run asked for/);
  });

  it("skips reviewed videos the run has no features for, naming them, and the set's writes none", () => {
    const { old, backbone } = runs();
    annotate(backbone);
    // Run 1 has v1 alone, where no pour is: a label set without it.
    setActiveLabelSet(project.db, createLabelSet(project.db, 'no pour', ['chop', 'stir']));
    const before = project.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    const { set, notes } = trainingSet(project.db, { annotatorId: ann, backboneRunId: old });
    expect(set.videos.map((v) => v.videoId)).toEqual(['v1']);
    expect(notes.join('\n')).toMatch(/run 1 has no features for 2 reviewed videos.*v2, v3/);
    expect(project.db.prepare('SELECT total_changes() AS n').get()).toEqual(before);
  });

  it('refuses a project with no reviewed video', () => {
    runs();
    addSegment(project.db, ann, 'v1', { startSec: 0, endSec: 2, label: 'chop' });
    expect(() => trainingSet(project.db, { annotatorId: ann })).toThrow(/no video is reviewed/);
  });

  it('refuses runs without features, saying how features are made', () => {
    backboneRun(['v1', 'v2', 'v3'], [], [], 'motion');
    annotate(1);
    expect(() => trainingSet(project.db, { annotatorId: ann })).toThrow(
      /no run .*stored features.*actionline run .*--model.*features/s,
    );
    expect(() => trainingSet(project.db, { annotatorId: ann, backboneRunId: 1 })).toThrow(
      /run 1 \(motion\) stored no features/,
    );
    expect(() => trainingSet(project.db, { annotatorId: ann, backboneRunId: 9 })).toThrow(
      /no run 9/,
    );
  });

  it('refuses a run with features for none of the reviewed videos, naming them', () => {
    runs();
    const onlyV4 = backboneRun(['v4'], ['v4']);
    annotate(1);
    expect(() => trainingSet(project.db, { annotatorId: ann, backboneRunId: onlyV4 })).toThrow(
      /run 4 has no features for any reviewed video \(v1, v2, v3\)/,
    );
  });

  it('refuses a set where only one class has snippets', () => {
    runs();
    for (const id of ['v1', 'v2']) setReviewStatus(project.db, ann, id, 'reviewed');
    try {
      trainingSet(project.db, { annotatorId: ann });
      expect.unreachable();
    } catch (err) {
      expect((err as { code: string }).code).toBe('BAD_ARGUMENT');
      expect((err as Error).message).toMatch(/only background has snippets/);
    }
  });

  it('refuses labels of the label set that no snippet has, naming them', () => {
    const { backbone } = runs();
    annotate(backbone);
    setActiveLabelSet(
      project.db,
      createLabelSet(project.db, 'bigger', ['chop', 'wash', 'stir', 'pour', 'peel']),
    );
    expect(() => trainingSet(project.db, { annotatorId: ann })).toThrow(
      /"wash", "peel" of the label set "bigger" have no snippet.*review a video that has them or remove them from the label set/,
    );
  });

  it('refuses an annotator who does not exist', () => {
    runs();
    expect(() => trainingSet(project.db, { annotatorId: 99 })).toThrow(/no annotator 99/);
    expect(() => requireAnnotator(project.db, 'nobody')).toThrow(
      /no annotator "nobody" in this project \(annotators: ann, other\)/,
    );
    expect(requireAnnotator(project.db, ' ann ').id).toBe(ann);
  });

  it('refuses a project with no label set chosen, and takes a label set\'s "background" as class 0', () => {
    const { backbone } = runs();
    annotate(backbone);
    setActiveLabelSet(project.db, null);
    expect(() => trainingSet(project.db, { annotatorId: ann })).toThrow(/no label set chosen/);
    setActiveLabelSet(
      project.db,
      createLabelSet(project.db, 'with background', ['pour', 'background', 'stir', 'chop']),
    );
    const { set, notes } = trainingSet(project.db, { annotatorId: ann });
    expect(set.classes).toEqual(['background', 'pour', 'stir', 'chop']);
    expect(targets(set.videos[0])).toEqual([0, 3, 3, 0, 0, 0, 0, 0, 2, 2]);
    expect(notes.join('\n')).toMatch(/"background" is the background class/);
  });
});
