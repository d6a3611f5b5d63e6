import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { $, $$, browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { addVideos } from '../../../main/app/addVideos.ts';
import { analyzeVideos } from '../../../main/app/analyzeVideos.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import { videoUncertainty } from '../../../main/learn/videoUncertainty.ts';
import { createLabelSet, setActiveLabelSet } from '../../../main/project/labelSets.ts';
import { Project } from '../../../main/project/project.ts';
import { recordReviewActivity } from '../../../main/project/reviewActivity.ts';
import { readSnippetScores } from '../../../main/project/runs.ts';
import { addSegment } from '../../../main/project/segmentEdits.ts';
import { setReviewStatus } from '../../../main/project/videoEdits.ts';
import {
  bg,
  COLOUR_VIDEOS,
  pick,
  scan,
  writeAppearanceVideos,
} from '../../fixtures/appearanceVideos.ts';
import { writeFeatureModel } from '../../fixtures/featureModel.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import {
  byTestId,
  openProjectByPath,
  screenshot,
  waitForInspected,
  waitForText,
} from '../helpers/ui.ts';

/**
 * The loop of issue 26 in the app: three videos reviewed, with a backbone's features stored
 * (the tiny generated one), the project view offers to train a head; accepting trains it,
 * shows its held-out metrics, and the unreviewed videos' suggestions become the head's. Enter
 * then opens the unreviewed video the head is least sure of, Ctrl+Enter the other, and the
 * Evaluation view draws the learning curve.
 */
const dir = path.join(e2eDir(), 'learn-loop');
const projectFile = path.join(dir, 'learn.actionline');
const VIDEOS = { ...COLOUR_VIDEOS, v5: [bg(2), pick(3), scan(3), bg(12)] };
const REVIEWED = ['v1', 'v2', 'v3'];
const HEADS = ['pick', 'scan'];

/** How unsure the newest head run is of each video, as the engine works it out. */
function headUncertainty(videoId: string): number | null {
  const db = new DatabaseSync(projectFile, { readOnly: true });
  try {
    const row = db
      .prepare(
        `SELECT max(c.run_id) AS runId FROM snippet_scores c JOIN model_runs m ON m.id = c.run_id
         WHERE c.video_id = ? AND m.model_id LIKE 'head:%'`,
      )
      .get(videoId) as { runId: number | null };
    const scores = row.runId === null ? null : readSnippetScores(db, row.runId, 'rgb', videoId);
    return scores ? videoUncertainty(scores) : null;
  } finally {
    db.close();
  }
}

const rowCell = (videoId: string, cell: string) =>
  $(`[data-testid="video-row"][data-video-id="${videoId}"] [data-testid="${cell}"]`);

async function prepareProject(annotator: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const backbone = writeFeatureModel(path.join(dir, 'backbone'));
  const truth = await writeAppearanceVideos(dir, VIDEOS);
  const files = Object.keys(VIDEOS).map((id) => path.join(dir, `${id}.mp4`));
  const project = Project.open(projectFile, { create: true });
  const host = new ForkedAnalysisHost();
  try {
    await addVideos(project.db, files);
    setActiveLabelSet(project.db, createLabelSet(project.db, 'warehouse', HEADS));
    const run = await analyzeVideos(project.db, host, {
      videoIds: Object.keys(VIDEOS),
      model: backbone,
      intervalSec: 0.5,
      device: 'cpu',
      threads: 1,
    });
    if (run.failures.length > 0) throw new Error(JSON.stringify(run.failures));
    const me = project.annotator(annotator).id;
    for (const id of REVIEWED) {
      for (const s of truth[id]!) addSegment(project.db, me, id, s);
      setReviewStatus(project.db, me, id, 'reviewed');
      recordReviewActivity(project.db, me, id, { activeMs: 40_000, actions: 6 + id.length });
    }
  } finally {
    await host.close();
    project.close();
  }
}

describe('the learning loop in the app', () => {
  let before4 = '';

  before(async () => {
    // The project is the app's annotator's, whoever the served app says that is.
    await browser.url(process.env.ACTIONLINE_E2E_URL!);
    const annotator = await browser.waitUntil(
      async () => (await byTestId('annotator').getValue()) || false,
      { timeoutMsg: 'the project bar never named its annotator' },
    );
    await prepareProject(annotator);
    await openProjectByPath(projectFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-learn-loop');
  });

  it('offers to train a head once three videos are reviewed', async () => {
    await waitForText('train-offer', /^3 videos are reviewed: train a head/);
    before4 = await rowCell('v4', 'predicted-labels').getText();
    expect(HEADS.some((l) => before4.includes(l))).toBe(false);
    await expect(rowCell('v4', 'head-unsure')).toHaveText('–');
    await screenshot('learn-loop-offer');
  });

  it('trains from the app, shows the held-out metrics, then the head suggests', async () => {
    await byTestId('train-offer-accept').click();
    await byTestId('head-metrics').waitForExist({ timeout: 30_000 });
    const classes = await $$('[data-testid="head-class"]').map((r) => r.getAttribute('data-label'));
    expect(classes).toEqual(['background', ...HEADS]);
    await waitForText('head-accuracy', /^accuracy \d+\.\d% on \d+ held-out snippets/);
    await expect(byTestId('train-offer')).not.toBeExisting();
    // The head's run over the unreviewed videos: stored features, nothing decoded.
    await browser.waitUntil(
      async () => (await byTestId('run-status').getAttribute('data-state')) === 'finished',
      { timeout: 30_000, timeoutMsg: 'the head run never finished' },
    );
    await waitForText('run-status', /2\/2 done/);
    for (const id of ['v4', 'v5']) {
      await expect(rowCell(id, 'predicted-labels')).toHaveText(/pick|scan/);
      await expect(rowCell(id, 'head-unsure')).toHaveText(/^0\.\d\d$/);
    }
    const after4 = await rowCell('v4', 'predicted-labels').getText();
    expect(after4).not.toBe(before4);
    expect(after4).toMatch(/pick|scan/);
    await screenshot('learn-loop-metrics');
  });

  it('sorts by the head’s uncertainty, and Enter opens the video it is least sure of', async () => {
    const unsure = { v4: headUncertainty('v4')!, v5: headUncertainty('v5')! };
    const [first, second] = unsure.v4 >= unsure.v5 ? ['v4', 'v5'] : ['v5', 'v4'];
    await byTestId('video-sort').selectByAttribute('value', 'uncertainty');
    const order = await $$('[data-testid="video-row"]').map((r) => r.getAttribute('data-video-id'));
    expect(order.slice(0, 2)).toEqual([first, second]);
    await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
    await browser.keys(Key.Enter);
    await waitForText('editor-video', first!);
    // Its suggestions are the head's: the first one is a class of the project's.
    await browser.keys(Key.Tab);
    const selected = await waitForInspected(
      (s) => s.provenance === 'predicted',
      'a suggestion selected',
    );
    expect(HEADS).toContain(selected.label);
    await screenshot('learn-loop-editor');
    await browser.keys([Key.Ctrl, Key.Enter]);
    await waitForText('editor-video', second!);
  });

  it('draws the learning curve in the Evaluation view', async () => {
    await byTestId('back').click();
    await byTestId('open-eval').click();
    await byTestId('eval-mode-learning').click();
    await byTestId('head-curve').waitForExist();
    // One head: its accuracy, and its detection mAP where training measured one.
    const series = await $$('[data-testid="head-curve-point"]').map((p) =>
      p.getAttribute('data-series'),
    );
    expect(series.filter((s) => s?.startsWith('held-out accuracy'))).toHaveLength(1);
    expect(series.length).toBeLessThanOrEqual(2);
    // v1-v3 with their recorded actions, and the video reviewed with Ctrl+Enter.
    expect(await $$('[data-testid="review-cost-point"]').length).toBeGreaterThanOrEqual(3);
    await screenshot('learn-loop-curve');
    await byTestId('back-from-eval').click();
  });
});
