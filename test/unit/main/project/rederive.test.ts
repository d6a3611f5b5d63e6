import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScoredSegment, SnippetScores } from '../../../../shared/analysis/types.ts';
import {
  DEFAULT_DETECTION_OPTIONS,
  detectVideo,
} from '../../../../main/analysis/detectionSegments.ts';
import { temporalIou } from '../../../../main/analysis/nms.ts';
import { DEFAULT_TAG_OPTIONS } from '../../../../main/analysis/tagGrouping.ts';
import { setClassMapping } from '../../../../main/project/classMapping.ts';
import { undo } from '../../../../main/project/editLog.ts';
import type { Project } from '../../../../main/project/project.ts';
import { rederiveRun } from '../../../../main/project/rederive.ts';
import { listRuns } from '../../../../main/project/runs.ts';
import { acceptSegments, updateSegment } from '../../../../main/project/segmentEdits.ts';
import { segmentsInLayer } from '../../../../main/project/segmentQueries.ts';
import { storeRun } from '../../../../main/project/storeRun.ts';
import { videoLabels } from '../../../../main/project/videoEdits.ts';
import { upsertVideo } from '../../../../main/project/videos.ts';
import { logitScores, tempProject } from './projectFixture.ts';

let project: Project;
let dispose: () => void;
let alice: number;
beforeEach(() => {
  ({ project, dispose } = tempProject());
  alice = project.annotator('alice').id;
  upsertVideo(project.db, { id: 'v1', durationSec: DURATION_SEC });
});
afterEach(() => dispose());

const DURATION_SEC = 30;
const LABELS = ['background', 'walking', 'running'];
/** Walking in snippets 3–8 and 18–23, running in 12–15, background a steady middle. */
const rgb = logitScores(LABELS, 30, (label, k) => {
  if (label === 'background') return 2;
  if (label === 'walking') return (k >= 3 && k <= 8) || (k >= 18 && k <= 23) ? 4 : 0;
  return k >= 12 && k <= 15 ? 4 : 0;
});
/** A flow stream that sees running longer; its snippet centres sit 0.1 s later. */
const flow = logitScores(
  LABELS,
  30,
  (label, k) => {
    if (label === 'background') return 1;
    if (label === 'running') return k >= 10 && k <= 17 ? 3 : -1;
    return 0;
  },
  0.1,
);

const span = (s: { startSec: number; endSec: number; label: string; score: number | null }) => [
  s.startSec,
  s.endSec,
  s.label,
  s.score,
];
/** The ranked detections (the suggestions have tests of their own below). */
const predictions = () =>
  segmentsInLayer(project.db, 'v1', null).filter((s) => s.product !== 'suggested');
const suggestions = () =>
  segmentsInLayer(project.db, 'v1', null).filter((s) => s.product === 'suggested');
const untouched = () => {
  const reviewed = new Set(
    (
      project.db.prepare('SELECT segment_id FROM prediction_reviews').all() as {
        segment_id: number;
      }[]
    ).map((r) => r.segment_id),
  );
  return predictions().filter((p) => !reviewed.has(p.id));
};
const sortSpans = (spans: unknown[][]) =>
  [...spans].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function storeEngineRun(streams: Record<string, SnippetScores>, weights: Record<string, number>) {
  const first = Object.values(streams)[0]!;
  const detections = detectVideo(first, DURATION_SEC);
  return storeRun(
    project.db,
    {
      modelId: 'tsn',
      params: { device: 'cpu' },
      streams: Object.keys(streams).map((stream) => ({
        stream,
        modelId: 'tsn',
        weight: weights[stream]!,
        labels: LABELS,
      })),
    },
    [{ videoId: 'v1', scores: streams, ...detections }],
  ).runId;
}

describe('re-deriving a run from its stored scores', () => {
  it('keeps what the annotator touched and replaces the untouched predictions', () => {
    const runId = storeEngineRun({ rgb }, { rgb: 1 });
    const before = predictions();
    const accepted = before.find((p) => p.startSec === 3 && p.endSec === 9)!;
    const edited = before.find((p) => p.startSec === 17 && p.endSec === 25)!;
    acceptSegments(project.db, alice, [accepted.id]);
    updateSegment(project.db, alice, edited.id, { startSec: 18, endSec: 24 });
    const aliceRows = segmentsInLayer(project.db, 'v1', alice).filter(
      (s) => s.annotatorId === alice,
    );
    expect(aliceRows.map((s) => s.provenance).sort()).toEqual(['accepted', 'edited']);

    const overrides = { detection: { tag: { thresholds: [0.5] } } };
    const counts = rederiveRun(project.db, runId, overrides);

    // The two reviewed predictions and alice's segments are exactly as they were.
    const after = predictions();
    expect(after.find((p) => p.id === accepted.id)).toEqual(accepted);
    expect(after.find((p) => p.id === edited.id)).toEqual(edited);
    expect(segmentsInLayer(project.db, 'v1', alice).filter((s) => s.annotatorId === alice)).toEqual(
      aliceRows,
    );
    // The rest is the new derivation, less the segments the kept predictions already are.
    const options = {
      ...DEFAULT_DETECTION_OPTIONS,
      tag: { ...DEFAULT_TAG_OPTIONS, thresholds: [0.5] },
    };
    const fresh = detectVideo(rgb, DURATION_SEC, options).segments;
    // A kept prediction counts as chosen: new ones of its label overlapping it by more than
    // the NMS tIoU (0.7) are left out, as NMS would.
    const isKept = (s: ScoredSegment) =>
      [accepted, edited].some(
        (k) => k.label === s.label && temporalIou(s.startSec, s.endSec, k.startSec, k.endSec) > 0.7,
      );
    const expected = fresh.filter((s) => !isKept(s)).map(span);
    expect(sortSpans(untouched().map(span))).toEqual(sortSpans(expected));
    expect(sortSpans(expected)).not.toEqual(
      sortSpans(before.filter((p) => p !== accepted && p !== edited).map(span)),
    );
    expect(counts).toMatchObject({
      videos: 1,
      inserted: expected.length,
      kept: 2,
      removed: before.length - 2,
      suppressed: fresh.length - expected.length,
    });
    // The new derivation found the accepted segment again; it is not offered twice.
    expect(fresh.some((s) => s.startSec === 3 && s.endSec === 9)).toBe(true);
    expect(untouched().some((s) => s.startSec === 3 && s.endSec === 9)).toBe(false);
    const run = listRuns(project.db)[0]!;
    expect(run.params).toMatchObject({ device: 'cpu', derivation: { task: 'detection' } });
    expect(run.params.derivation).toMatchObject({
      detection: { nmsTiou: 0.7, maxSegmentsPerVideo: 100 },
    });
    expect((run.params.derivation as typeof counts.params).detection.tag).toEqual(options.tag);

    // Alice's history still works: her resize is undone onto the kept prediction.
    expect(undo(project.db, alice, 'v1')?.action).toBe('resize segment');
    expect(segmentsInLayer(project.db, 'v1', alice).some((s) => s.id === edited.id)).toBe(true);
  });

  it('applies the class mapping in force now', () => {
    const runId = storeEngineRun({ rgb }, { rgb: 1 });
    setClassMapping(project.db, 'tsn', [{ modelClass: 'walking', label: 'walk' }]);
    rederiveRun(project.db, runId);
    expect(new Set(predictions().map((p) => p.label))).toEqual(new Set(['walk']));
    expect(videoLabels(project.db, 'v1').map((l) => l.label)).toEqual(['walk']);
  });

  it('re-derives video labels only for classification', () => {
    const runId = storeEngineRun({ rgb }, { rgb: 1 });
    const counts = rederiveRun(project.db, runId, { task: 'classification' });
    expect(predictions()).toEqual([]);
    expect(counts.videoLabels).toBe(2);
    expect(videoLabels(project.db, 'v1').map((l) => l.label)).toEqual(['walking', 'running']);
  });

  it('fuses two streams as a weighted sum of logits', () => {
    const runId = storeEngineRun({ rgb, flow }, { rgb: 1, flow: 1.5 });
    rederiveRun(project.db, runId);
    const fused: SnippetScores = {
      ...rgb,
      snippetCenterSec: rgb.snippetCenterSec.map((c, k) => (c + flow.snippetCenterSec[k]!) / 2),
      scores: rgb.scores.map((v, i) => v + 1.5 * flow.scores[i]!),
    };
    const expected = detectVideo(fused, DURATION_SEC).segments.map(span);
    expect(sortSpans(predictions().map(span))).toEqual(sortSpans(expected));
    // Running gained from the flow stream: more of the video is running than rgb alone says.
    expect(expected).not.toEqual(detectVideo(rgb, DURATION_SEC).segments.map(span));
  });

  it('refuses streams whose snippets differ, changing nothing', () => {
    const short = logitScores(LABELS, 29, () => 0);
    const runId = storeEngineRun({ rgb, flow: short }, { rgb: 1, flow: 1 });
    const before = predictions();
    expect(() => rederiveRun(project.db, runId, { detection: { nmsTiou: 0.1 } })).toThrow(
      /video "v1": streams "rgb" and "flow" have different snippets \(30 and 29\)/,
    );
    const shifted = logitScores(LABELS, 30, () => 0, 0.6);
    const shiftedRun = storeEngineRun({ rgb, flow: shifted }, { rgb: 1, flow: 1 });
    expect(() => rederiveRun(project.db, shiftedRun)).toThrow(/snippet 0 at 0.5 s and 1.1 s/);
    expect(predictions().filter((p) => p.runId === runId)).toEqual(before);
    expect(listRuns(project.db)[0]!.params).toEqual({ device: 'cpu' });
  });

  it('refuses bad parameters and a video without a duration before writing', () => {
    const runId = storeEngineRun({ rgb }, { rgb: 1 });
    expect(() => rederiveRun(project.db, runId, { detection: { nmsTiou: 2 } })).toThrow(
      /nmsTiou must be in \[0, 1\], got 2/,
    );
    expect(() => rederiveRun(project.db, runId + 1)).toThrow(/no model run/);
    project.db.prepare('UPDATE videos SET duration_sec = NULL').run();
    expect(() => rederiveRun(project.db, runId)).toThrow(/video "v1" has no duration/);
  });

  it('derives the suggested labelling too, keeping a suggestion the annotator decided on', () => {
    const runId = storeEngineRun({ rgb }, { rgb: 1 });
    // Stored without suggestions (as by an engine of before): re-derivation adds them.
    expect(suggestions()).toEqual([]);
    rederiveRun(project.db, runId);
    const first = suggestions();
    // Walking 3–8 and 18–23, running 12–15 (one snippet a second, centred on k + 0.5 s).
    expect(first.map((g) => [g.label, Math.round(g.startSec), Math.round(g.endSec)])).toEqual([
      ['walking', 3, 9],
      ['running', 12, 16],
      ['walking', 18, 24],
    ]);
    const running = first.find((g) => g.label === 'running')!;
    acceptSegments(project.db, alice, [running.id]);
    const counts = rederiveRun(project.db, runId, { suggestions: { minActionSec: 2 } });
    const again = suggestions();
    expect(again.filter((g) => g.label === 'running').map((g) => g.id)).toEqual([running.id]);
    expect(again.filter((g) => g.label === 'walking')).toHaveLength(2);
    expect(counts.suppressed).toBeGreaterThanOrEqual(1); // the new running one, already decided
    expect(counts.suggestions).toBe(2);
    expect(counts.params.suggestions.minActionSec).toBe(2);
  });
});
