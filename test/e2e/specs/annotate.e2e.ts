import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { $, $$, browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { classColor } from '../../../renderer/timeline/classColor.ts';
import { e2eDir, requireEnv } from '../helpers/e2eEnv.ts';
import { averageMap } from '../helpers/officialAp.ts';
import { storedPredictions, storedSegments } from '../helpers/projectDb.ts';
import {
  byTestId,
  canvasPointOf,
  dismissNotices,
  drag,
  editorScreenshot,
  fillRgba,
  gapMiddles,
  inspected,
  nearRgba,
  NOTHING,
  parseTimecode,
  pointOf,
  reviewedCount,
  screenshot,
  timelineGeometry,
  timelinePixels,
  waitForInspected,
  waitForPixels,
  waitForText,
  type CanvasPoint,
  type Rgba,
} from '../helpers/ui.ts';

/**
 * One annotator's session, start to finish, through the UI only: create a project, add a
 * generated video, run the built-in model, correct its predictions, undo and redo, export,
 * evaluate. Each step checks the screen and, where it changed data, the project file as well;
 * the timeline's canvas is read back pixel by pixel, and the Evaluation view's mAP is computed
 * again here from the project file.
 */
const dir = e2eDir();
const projectFile = path.join(dir, 'created.actionline');
const exportFile = path.join(dir, 'labels.json');

/** Keys to the page (not to an input): the editor's window-level handler takes them. */
async function press(...keys: string[]) {
  await browser.keys(keys);
}

/** The current annotator's segments in the project file. */
const mine = () => storedSegments(projectFile, 'annotator_id IS NOT NULL');

/** The generated video's length (test/fixtures/videos.ts motionTestVideo). */
const DURATION_SEC = 16;
/** Fill opacity of an undecided suggestion (renderer/timeline/draw/segmentStyle.ts). */
const PREDICTED_ALPHA = 0.3;

/** Times `fraction` of the way into [startSec, endSec) that are clear of the playhead's line. */
async function clearOfPlayhead(
  g: Awaited<ReturnType<typeof timelineGeometry>>,
  startSec: number,
  endSec: number,
): Promise<number> {
  const playheadSec = parseTimecode(await byTestId('timecode').getText());
  const candidates = [0.5, 0.3, 0.7].map((f) => startSec + f * (endSec - startSec));
  return candidates.find((t) => Math.abs(t - playheadSec) / g.secPerPx > 4)!;
}

describe('annotating a video end to end', () => {
  let videoId = '';
  let predictions = 0;
  /** The prediction accepted, resized and relabelled. */
  let corrected = { startSec: 0, endSec: 0, targetEndSec: 0 };

  before(async () => {
    const url = process.env.ACTIONLINE_E2E_URL;
    if (url) await browser.url(url); // web shell; Electron shows its window already
    await byTestId('project-file').waitForExist();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      await screenshot(`failed-${this.currentTest.title.replaceAll(/\W+/g, '-')}`);
    }
  });

  it('creates a project with the Create button', async () => {
    await byTestId('project-path').setValue(projectFile);
    await byTestId('project-create').click();
    await waitForText('project-file', 'created.actionline');
    expect(existsSync(projectFile)).toBe(true);
    await expect($$('[data-testid="video-row"]')).toBeElementsArrayOfSize(0);
  });

  it('adds a generated video', async () => {
    await byTestId('add-path').setValue(requireEnv('ACTIONLINE_E2E_VIDEO'));
    await byTestId('add-videos').click();
    await $('[data-testid="video-row"]').waitForExist();
    videoId = (await $('[data-testid="video-row"]').getAttribute('data-video-id')) ?? '';
    expect(videoId).toMatch(/^motion-/);
    await expect($('[data-testid="video-row"]')).toHaveText(expect.stringContaining('0:16.0'));
  });

  it('runs the built-in model', async () => {
    await expect(byTestId('model-select')).toHaveValue('motion');
    await byTestId('run-model').click();
    await browser.waitUntil(
      async () => (await byTestId('run-status').getAttribute('data-state')) === 'finished',
      { timeout: 90_000, timeoutMsg: 'the model run did not finish' },
    );
    await waitForText('run-status', /1\/1 done/);
    await expect($('[data-testid="video-row"]')).toHaveText(expect.stringContaining('1 run'));
    await screenshot('project-view');
  });

  it('shows the predicted segments in the editor', async () => {
    await byTestId('open-video').click();
    await waitForText('editor-video', videoId);
    const [reviewed, total] = await reviewedCount();
    expect(reviewed).toBe(0);
    predictions = total;
    expect(predictions).toBeGreaterThan(0);
    // The editor shows the suggested labelling; the ranked proposals stay off screen.
    expect(
      storedSegments(projectFile, "provenance = 'predicted' AND product = 'suggested'"),
    ).toHaveLength(predictions);
    // The timeline lays the predictions out; the player shows the first frame.
    await browser.waitUntil(async () => {
      const g = await timelineGeometry();
      return (g.tracks.find((t) => t.name === 'Predictions')?.laneCount ?? 0) >= 1;
    });
    // The player gets its media once the server has prepared it (the video plays as is).
    await browser.waitUntil(
      () =>
        browser.execute(
          () =>
            (document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')?.readyState ??
              0) >= 2,
        ),
      { timeout: 30_000, timeoutMsg: 'the player never showed the first frame' },
    );
    await editorScreenshot('editor-predictions');
  });

  it('draws each suggestion on the canvas in its class colour, and nothing where there is none', async () => {
    const g = await timelineGeometry();
    const suggestions = storedPredictions(projectFile, 'suggested');
    expect(suggestions).toHaveLength(predictions);
    const checks = suggestions.flatMap((s) => {
      const midSec = (s.start_sec + s.end_sec) / 2;
      return [
        {
          what: `suggestion ${s.start_sec}–${s.end_sec} s`,
          at: canvasPointOf(g, 'Predictions', 0, midSec),
          rgba: fillRgba(classColor(s.label), PREDICTED_ALPHA),
        },
        {
          what: `no annotation at ${midSec} s`,
          at: canvasPointOf(g, 'Annotations', 0, midSec),
          rgba: NOTHING,
        },
      ];
    });
    const gaps = gapMiddles(
      suggestions.map((s) => [s.start_sec, s.end_sec]),
      DURATION_SEC,
    );
    expect(gaps.length).toBeGreaterThan(0); // the box stands still part of the time
    for (const sec of gaps) {
      for (const track of ['Predictions', 'Annotations']) {
        checks.push({
          what: `${track}: nothing at ${sec} s`,
          at: canvasPointOf(g, track, 0, sec),
          rgba: NOTHING,
        });
      }
    }
    await waitForPixels(checks);
  });

  it('accepts a prediction with A', async () => {
    await press(Key.Escape, Key.Tab);
    const selected = await waitForInspected((s) => s.provenance === 'predicted', 'a prediction');
    corrected = { ...corrected, startSec: selected.startSec, endSec: selected.endSec };
    await press('a');
    await waitForInspected((s) => s.provenance === 'accepted', 'the accepted segment');
    await waitForText('reviewed-count', `reviewed 1 of ${predictions} predictions`);
  });

  it('resizes it by dragging its end edge on the timeline', async () => {
    await dismissNotices(); // they sit over the bottom right of the page
    const g = await timelineGeometry();
    const annotations = g.tracks.find((t) => t.name === 'Annotations')!;
    expect(annotations.laneCount).toBe(1);
    // Drag the end a second later (or earlier, if it ends near the end of the video).
    corrected.targetEndSec = corrected.endSec <= 14 ? corrected.endSec + 1 : corrected.endSec - 1;
    const from = pointOf(g, 'Annotations', 0, corrected.endSec);
    const to = pointOf(g, 'Annotations', 0, corrected.targetEndSec);
    await drag({ x: from.x - 1, y: from.y }, to);
    const resized = await waitForInspected(
      (s) => Math.abs(s.endSec - corrected.endSec) > 0.5,
      'the new end',
    );
    // Snapping may pull the edge a few pixels, onto a frame or another edge.
    expect(Math.abs(resized.endSec - corrected.targetEndSec)).toBeLessThan(8 * g.secPerPx);
    expect(resized.startSec).toBeCloseTo(corrected.startSec, 3);
    expect(resized.provenance).toBe('edited');
    corrected.targetEndSec = resized.endSec;
    const stored = mine();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.end_sec).toBeCloseTo(resized.endSec, 3);
  });

  it('relabels it through the label search', async () => {
    await press('/');
    await expect(byTestId('label-search')).toBeFocused();
    await byTestId('label-search').setValue('box moving');
    await press(Key.Enter);
    await waitForText('selected-label', 'box moving');
    expect(mine().map((s) => s.label)).toEqual(['box moving']);
  });

  it('deletes a prediction', async () => {
    await press(Key.Escape, 'n'); // the most uncertain undecided prediction
    const victim = await waitForInspected((s) => s.provenance === 'predicted', 'a prediction');
    await press(Key.Delete);
    await waitForText('reviewed-count', `reviewed 2 of ${predictions} predictions`);
    expect(await inspected()).toBeNull();
    const rejected = mine().filter((s) => s.provenance === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.start_sec).toBeCloseTo(victim.startSec, 3);
  });

  it('adds a segment from I/O marks with Enter', async () => {
    await press(Key.Escape, '/');
    await byTestId('label-search').setValue('person enters');
    await press(Key.Enter); // nothing selected: the label of new segments
    await waitForText('create-from-marks', 'Create “person enters” (Enter)');
    await press(Key.Shift, Key.ArrowLeft); // back to 0 (clamped) …
    await press(Key.Shift, Key.ArrowLeft);
    await press(Key.Shift, Key.ArrowLeft);
    await press(Key.Shift, Key.ArrowLeft);
    await waitForText('timecode', '00:00:00.000');
    await press(Key.ArrowRight); // … then 1 s
    await waitForText('timecode', '00:00:01.000');
    await press('i');
    await waitForText('mark-in', '00:00:01.000');
    await press(Key.ArrowRight, Key.ArrowRight);
    await waitForText('timecode', '00:00:03.000');
    await press('o');
    await waitForText('mark-out', '00:00:03.000');
    await press(Key.Enter);
    const added = await waitForInspected((s) => s.provenance === 'manual', 'the new segment');
    expect(added).toEqual({ label: 'person enters', provenance: 'manual', startSec: 1, endSec: 3 });
    const manual = mine().filter((s) => s.provenance === 'manual');
    expect(manual.map((s) => [s.start_sec, s.end_sec, s.label])).toEqual([[1, 3, 'person enters']]);
  });

  it('undoes and redoes the addition with Ctrl+Z and Ctrl+Shift+Z', async () => {
    await waitForText('undo', 'Undo add segment');
    await press(Key.Ctrl, 'z');
    await waitForText('redo', 'Redo add segment');
    expect(await inspected()).toBeNull();
    expect(mine().filter((s) => s.provenance === 'manual')).toHaveLength(0);
    await press(Key.Ctrl, Key.Shift, 'z');
    await waitForText('undo', 'Undo add segment');
    await expect(byTestId('redo')).toBeDisabled();
    expect(mine().filter((s) => s.provenance === 'manual')).toHaveLength(1);
    await waitForText('reviewed-count', `reviewed 2 of ${predictions} predictions`);
  });

  it('selects a corrected segment by clicking it on the timeline', async () => {
    await press(Key.Escape);
    await dismissNotices();
    const g = await timelineGeometry();
    const lanes = g.tracks.find((t) => t.name === 'Annotations')!.laneCount;
    // Overlapping segments take lanes of their own: try each lane in the middle of the
    // corrected segment (where perhaps the rejected prediction lies too).
    const middleSec = (corrected.startSec + corrected.targetEndSec) / 2;
    let found = null;
    for (let lane = 0; lane < lanes && found?.label !== 'box moving'; lane++) {
      const p = pointOf(g, 'Annotations', lane, middleSec);
      await browser
        .action('pointer')
        .move({ x: p.x, y: p.y, origin: 'viewport' })
        .down()
        .up()
        .perform();
      found = await inspected();
    }
    expect(found).toMatchObject({ label: 'box moving', provenance: 'edited' });
    await editorScreenshot('editor-corrected');
  });

  it('draws the corrections on the canvas in their class colours, and nothing around them', async () => {
    const g = await timelineGeometry();
    const lanes = g.tracks.find((t) => t.name === 'Annotations')!.laneCount;
    const decided = mine();
    // Edited and manual segments are solid fills of their class colour, in a lane of their own.
    for (const s of decided.filter((x) => x.provenance === 'edited' || x.provenance === 'manual')) {
      const sec = await clearOfPlayhead(g, s.start_sec, s.end_sec);
      const points: CanvasPoint[] = [];
      for (let lane = 0; lane < lanes; lane++)
        points.push(canvasPointOf(g, 'Annotations', lane, sec));
      const want = fillRgba(classColor(s.label), 1);
      let seen: Rgba[] = [];
      const shown = () => seen.some((p) => nearRgba(p, want));
      await browser
        .waitUntil(async () => ((seen = await timelinePixels(points)), shown()))
        .catch(() => {
          throw new Error(
            `${s.label} (${s.provenance}) at ${sec} s: want [${want}] in one of the lanes, they show ${JSON.stringify(seen)}`,
          );
        });
    }
    // Where nobody annotated, every lane is empty; where a decided suggestion was, its
    // Predictions lane is empty now (the decision stands for it, in Annotations).
    const checks = gapMiddles(
      decided.map((x) => [x.start_sec, x.end_sec]),
      DURATION_SEC,
    ).flatMap((sec) =>
      Array.from({ length: lanes }, (_, lane) => ({
        what: `Annotations lane ${lane}: nothing at ${sec} s`,
        at: canvasPointOf(g, 'Annotations', lane, sec),
        rgba: NOTHING,
      })),
    );
    expect(checks.length).toBeGreaterThan(0);
    for (const p of storedPredictions(projectFile, 'suggested').filter((x) => x.decided)) {
      const sec = await clearOfPlayhead(g, p.start_sec, p.end_sec);
      checks.push({
        what: `decided suggestion at ${sec} s no longer drawn`,
        at: canvasPointOf(g, 'Predictions', 0, sec),
        rgba: NOTHING,
      });
    }
    await waitForPixels(checks);
  });

  it('shows the shortcut help', async () => {
    await press('?');
    await byTestId('shortcut-help').waitForDisplayed();
    await expect(byTestId('shortcut-help')).toHaveText(
      expect.stringContaining('Mark in: the start of the frame shown'),
    );
    await screenshot('shortcut-help');
    await press('?');
    await byTestId('shortcut-help').waitForExist({ reverse: true });
  });

  it('exports ActivityNet JSON with the corrected segments', async () => {
    await byTestId('back').click();
    await byTestId('export-path').waitForExist();
    await expect(byTestId('export-format')).toHaveValue('activitynet');
    await byTestId('export-path').setValue(exportFile);
    await byTestId('export').click();
    await waitForText('notice-info', (text) => text.startsWith(`exported ${exportFile}`));
    // The one warning: the video has no subset, so it is written as validation.
    await waitForText('notice-warning', /no subset; written as "validation"/);
    const json = JSON.parse(readFileSync(exportFile, 'utf8')) as {
      version: string;
      taxonomy: { nodeName: string; nodeId: number; parentId: number | null }[];
      database: Record<
        string,
        {
          subset: string;
          duration: number;
          annotations: { segment: [number, number]; label: string }[];
        }
      >;
    };
    expect(json.version).toBe('VERSION 1.3');
    expect(Object.keys(json.database)).toEqual([videoId]);
    const entry = json.database[videoId]!;
    expect(entry.duration).toBeCloseTo(16, 1);
    expect(entry.subset).toBe('validation');
    // The annotator's decisions only, exactly as stored: the edited prediction and the new
    // segment; the rejected prediction and the undecided ones are not ground truth.
    const decided = mine().filter((x) => x.provenance !== 'rejected');
    expect(decided.map((x) => x.label).sort()).toEqual(['box moving', 'person enters']);
    expect(entry.annotations).toEqual(
      decided.map((x) => ({ segment: [x.start_sec, x.end_sec], label: x.label })),
    );
    expect(entry.annotations).toContainEqual({ segment: [1, 3], label: 'person enters' });
    const boxMoving = entry.annotations.find((x) => x.label === 'box moving')!;
    expect(boxMoving.segment[0]).toBeCloseTo(corrected.startSec, 6);
    expect(boxMoving.segment[1]).toBeCloseTo(corrected.targetEndSec, 6);
    // No ActivityNet label set was imported into this project: the taxonomy is empty.
    expect(json.taxonomy).toEqual([]);
  });
});

describe('the other views', () => {
  it('marks the second moving stretch as "motion" by hand, for the evaluation', async () => {
    // Ground truth of the model's own class, so its ranked detections can score above zero
    // (the corrections so far carry other labels: against them every detection is wrong).
    await byTestId('open-video').click();
    await byTestId('editor').waitForExist();
    await press(Key.Escape, '/');
    await byTestId('label-search').setValue('motion');
    await press(Key.Enter);
    await waitForText('create-from-marks', 'Create “motion” (Enter)');
    for (let i = 0; i < 4; i++) await press(Key.Shift, Key.ArrowLeft); // to 0 (clamped)
    await waitForText('timecode', '00:00:00.000');
    await press(Key.Shift, Key.ArrowRight);
    await press(Key.Shift, Key.ArrowRight);
    await waitForText('timecode', '00:00:10.000');
    await press('i');
    await press(Key.ArrowRight, Key.ArrowRight, Key.ArrowRight);
    await waitForText('timecode', '00:00:13.000');
    await press('o', Key.Enter);
    await waitForInspected(
      (s) => s.provenance === 'manual' && s.label === 'motion',
      'the new segment',
    );
    expect(
      mine()
        .filter((s) => s.provenance === 'manual' && s.label === 'motion')
        .map((s) => [s.start_sec, s.end_sec]),
    ).toEqual([[10, 13]]);
    await byTestId('back').click();
    await byTestId('open-eval').waitForExist();
  });

  it('evaluates the model run against the corrections: the official average mAP', async () => {
    await byTestId('open-eval').click();
    await byTestId('eval-view').waitForDisplayed();
    await byTestId('eval-go').waitForEnabled();
    await byTestId('eval-go').click();
    await byTestId('eval-run-result').waitForDisplayed();
    // Computed here from the project file alone, with the official arithmetic transcribed on
    // its own (helpers/officialAp.ts): the run's ranked detections, as the model gave them,
    // against the annotator's layer (edited, manual; the rejected prediction is no truth).
    const truth = mine()
      .filter((s) => s.provenance !== 'rejected')
      .map((s) => ({
        videoId: s.video_id,
        label: s.label,
        startSec: s.start_sec,
        endSec: s.end_sec,
      }));
    expect(new Set(truth.map((t) => t.label))).toEqual(
      new Set(['box moving', 'person enters', 'motion']),
    );
    const detections = storedPredictions(projectFile, 'ranked').map((p) => ({
      videoId: p.video_id,
      label: p.label,
      startSec: p.start_sec,
      endSec: p.end_sec,
      score: p.score,
    }));
    expect(detections.length).toBeGreaterThan(1);
    const expected = averageMap(truth, detections);
    // Neither nothing nor everything: two of the three classes have no detection at all.
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(1 / 3 + 1e-9);
    await waitForText('eval-average-map', expected.toFixed(3));
    await screenshot('evaluation');
  });

  it('shows settings and a diagnostics report that finds ffmpeg and the CPU provider', async () => {
    await byTestId('back-from-eval').click();
    await byTestId('open-settings').click();
    await byTestId('settings-view').waitForDisplayed();
    await byTestId('run-diagnostics').click();
    await waitForText(
      'diagnostics-report',
      (text) => /ffmpeg/i.test(text) && /cpu/i.test(text),
      60_000,
    );
    await screenshot('settings-diagnostics');
  });
});
