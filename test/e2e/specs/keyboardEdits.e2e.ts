import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { browser, expect } from '@wdio/globals';
import { Key } from 'webdriverio';
import { addVideos } from '../../../main/app/addVideos.ts';
import { Project } from '../../../main/project/project.ts';
import { indexCodedVideo } from '../../fixtures/videos.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import { storedSegments } from '../helpers/projectDb.ts';
import {
  byTestId,
  openProjectByPath,
  openVideoInEditor,
  screenshot,
  waitForText,
} from '../helpers/ui.ts';

/**
 * Editing with the keyboard across two videos, as an annotator's first session goes: marks
 * after frame steps land on the shown frame's start (a segment is [start, end): the frame
 * shown at O is not in it), an edge nudge keeps the playhead where it is, and Ctrl+Z undoes
 * the video in view only, never an edit made on the other one.
 */
const dir = path.join(e2eDir(), 'keyboard-edits');
const projectFile = path.join(dir, 'edits.actionline');
const FPS = 25;
const frameStart = (i: number) => i / FPS;

const segmentsOf = (videoId: string) =>
  storedSegments(projectFile, `annotator_id IS NOT NULL AND video_id = '${videoId}'`).map((s) => [
    s.start_sec,
    s.end_sec,
  ]);

async function press(...keys: string[]) {
  await browser.keys(keys);
}

async function steps(count: number) {
  await press(...Array<string>(count).fill('.'));
}

async function openVideo(videoId: string) {
  await openVideoInEditor(videoId);
  await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
}

async function back() {
  await byTestId('back').click();
  await byTestId('video-table').waitForExist();
}

/** Waits until the stored segments of the video are `expected`. */
async function waitForSegments(videoId: string, expected: number[][]) {
  await browser.waitUntil(() => JSON.stringify(segmentsOf(videoId)) === JSON.stringify(expected), {
    timeoutMsg: `${videoId}: wanted ${JSON.stringify(expected)}, have ${JSON.stringify(segmentsOf(videoId))}`,
  });
}

describe('editing with the keyboard on two videos', () => {
  before(async () => {
    mkdirSync(dir, { recursive: true });
    const project = Project.open(projectFile, { create: true });
    try {
      for (const name of ['first', 'second']) {
        const v = await indexCodedVideo({
          fps: { num: FPS, den: 1 },
          frameCount: 60,
          widthPx: 96,
          heightPx: 64,
        });
        const file = path.join(dir, `${name}.mp4`);
        copyFileSync(v.path, file);
        await addVideos(project.db, [file]);
      }
    } finally {
      project.close();
    }
    await openProjectByPath(projectFile);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot('failed-keyboard-edits');
  });

  it('I and O after frame steps mark the shown frames’ starts; Enter makes [I, O)', async () => {
    await openVideo('first');
    await steps(10);
    await waitForText('frame', 'frame 10');
    // The timecode names the shown frame's start, not the middle a step seeks to.
    await waitForText('timecode', '00:00:00.400');
    await press('i');
    await waitForText('mark-in', '00:00:00.400');
    await steps(5);
    await waitForText('frame', 'frame 15');
    await press('o');
    await waitForText('mark-out', '00:00:00.600');
    await press(Key.Enter);
    await waitForSegments('first', [[frameStart(10), frameStart(15)]]);
  });

  it('a nudged edge keeps the playhead; the next frame step goes on from there', async () => {
    await press('e'); // the new segment is selected: its start edge
    await press('>');
    await waitForSegments('first', [[frameStart(11), frameStart(15)]]);
    await waitForText('undo', 'Undo resize segment');
    await waitForText('frame', 'frame 15');
    await waitForText('timecode', '00:00:00.600');
    await steps(1);
    await waitForText('frame', 'frame 16');
  });

  it('S splits at the shown frame’s start', async () => {
    await press(',', ',', ',');
    await waitForText('frame', 'frame 13');
    await press('s');
    await waitForSegments('first', [
      [frameStart(11), frameStart(13)],
      [frameStart(13), frameStart(15)],
    ]);
  });

  it('Ctrl+Z undoes the video in view only, never an edit made on the other', async () => {
    await back();
    await openVideo('second');
    await waitForText('undo', 'Undo'); // nothing of the first video's is offered here
    await expect(byTestId('undo')).toBeDisabled();
    await steps(5);
    await waitForText('frame', 'frame 5');
    await press('i');
    await steps(5);
    await waitForText('frame', 'frame 10');
    await press('o', Key.Enter);
    await waitForSegments('second', [[frameStart(5), frameStart(10)]]);
    await back();

    await openVideo('first');
    // The newest edit of the annotator is the second video's; this editor offers its own.
    await waitForText('undo', 'Undo split segment');
    await press(Key.Ctrl, 'z');
    await waitForSegments('first', [[frameStart(11), frameStart(15)]]);
    await press(Key.Ctrl, 'z');
    await waitForSegments('first', [[frameStart(10), frameStart(15)]]);
    await press(Key.Ctrl, 'z');
    await waitForSegments('first', []);
    await expect(byTestId('undo')).toBeDisabled();
    await press(Key.Ctrl, 'z'); // nothing left here: the other video stays as it is
    await waitForText('redo', 'Redo add segment');
    expect(segmentsOf('second')).toEqual([[frameStart(5), frameStart(10)]]);

    // Redo brings this video's edits back; the other video keeps its own history.
    await press(Key.Ctrl, Key.Shift, 'z');
    await waitForSegments('first', [[frameStart(10), frameStart(15)]]);
    await back();
    await openVideo('second');
    await waitForText('undo', 'Undo add segment');
    await press(Key.Ctrl, 'z');
    await waitForSegments('second', []);
    expect(segmentsOf('first')).toEqual([[frameStart(10), frameStart(15)]]);
  });
});
