import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { $$, browser, expect } from '@wdio/globals';
import { actionVideo } from '../../fixtures/actionVideos.ts';
import { e2eDir } from '../helpers/e2eEnv.ts';
import { prelabelledProject } from '../helpers/prelabelledProject.ts';
import { byTestId, screenshot, waitForFilmstrip, waitForText } from '../helpers/ui.ts';

/**
 * Notices take their own place in the layout and never cover a control; warnings fade,
 * errors stay until dismissed, a repeated notice counts up instead of stacking. Along the
 * way, the project view, the editor and the shortcut help are photographed at 1280×800
 * (test-artifacts/e2e/first-day-*.png) for a person to look at.
 */
const dir = e2eDir();
const projectFile = path.join(dir, 'first-day.actionline');
const videoId = 'first-day';

interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
  what: string;
}

/** Every visible control whose box overlaps a notice's box (none should). */
async function coveredControls(): Promise<string[]> {
  return browser.execute(() => {
    // The part of an element that can be seen: its box clipped by every scrolling ancestor.
    const boxOf = (el: Element, what: string): Rect => {
      const r = el.getBoundingClientRect();
      const box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom, what };
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const c = a.getBoundingClientRect();
        box.left = Math.max(box.left, c.left);
        box.top = Math.max(box.top, c.top);
        box.right = Math.min(box.right, c.right);
        box.bottom = Math.min(box.bottom, c.bottom);
      }
      return box;
    };
    const notices = [...document.querySelectorAll('[data-testid^="notice-"]')].map((n) =>
      boxOf(n, n.textContent ?? ''),
    );
    const controls = [...document.querySelectorAll('button, input, select, canvas, video')]
      .filter((el) => !el.closest('[data-testid^="notice-"]'))
      .map((el) => boxOf(el, el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName))
      .filter((r) => r.right > r.left && r.bottom > r.top);
    const overlaps = (a: Rect, b: Rect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    return notices.flatMap((n) =>
      controls.filter((c) => overlaps(n, c)).map((c) => `${c.what} under "${n.what}"`),
    );
  });
}

const noticeTexts = (kind: string) =>
  browser.execute(
    (k) => [...document.querySelectorAll(`[data-testid="notice-${k}"]`)].map((n) => n.textContent),
    kind,
  );

/** Whether the help's last row and its Close button lie inside the window (after scrolling). */
async function helpInView(scroll: boolean) {
  return browser.execute((scrollFirst) => {
    const help = document.querySelector('[data-testid="shortcut-help"]')!;
    if (scrollFirst) for (const el of help.querySelectorAll('*')) el.scrollTop = el.scrollHeight;
    const inWindow = (el: Element) => {
      const r = el.getBoundingClientRect();
      // Inside the window and not clipped by a scrolling ancestor.
      const hit = document.elementFromPoint(r.left + 4, (r.top + r.bottom) / 2);
      return r.top >= 0 && r.bottom <= window.innerHeight && !!hit && el.contains(hit);
    };
    return {
      lastRow: inWindow([...help.querySelectorAll('dd')].at(-1)!),
      close: inWindow([...help.querySelectorAll('button')].at(-1)!),
    };
  }, scroll);
}

async function exportTo(file: string) {
  await byTestId('export-path').setValue(file);
  await byTestId('export').click();
}

describe('an annotator’s first day: notices and small things on screen', () => {
  before(async () => {
    // 24000/1001 fps: the frame rate whose ruler once read 0:00.834, 0:01.668.
    const video = await actionVideo({
      durationSec: 12,
      fps: 24000 / 1001,
      actions: [
        { label: 'red', startSec: 2, endSec: 5 },
        { label: 'green', startSec: 7, endSec: 9 },
      ],
    });
    const file = path.join(dir, `${videoId}.mp4`);
    copyFileSync(video.path, file);
    await prelabelledProject(projectFile, file, videoId, ['red', 'green']);
    await browser.setWindowSize(1280, 800);
    await browser.url(process.env.ACTIONLINE_E2E_URL!);
    await byTestId('project-path').setValue(projectFile);
    await browser.keys('Enter');
    await byTestId('video-row').waitForExist();
  });

  it('shows the project view, the editor and the shortcut help (screenshots)', async () => {
    await screenshot('first-day-project');
    await expect(byTestId('run-model')).toHaveText('Run on all videos');
    await byTestId('open-video').click();
    await byTestId('editor').waitForExist();
    await waitForFilmstrip();
    await screenshot('first-day-editor');
    // Zoomed to frames, the ruler counts frames from each second: 0:01, +12f (a screenshot).
    await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
    for (let i = 0; i < 4; i++) await browser.keys('+');
    await screenshot('first-day-ruler-frames');
    await browser.keys('0');
    await browser.execute(() => (document.activeElement as HTMLElement | null)?.blur());
    await browser.keys('?');
    await byTestId('shortcut-help').waitForExist();
    await screenshot('first-day-help');
    // At 1280×800 every row and Close are in view at once; in a smaller window the list
    // scrolls to its last row, Close still in view.
    expect(await helpInView(false)).toEqual({ lastRow: true, close: true });
    await browser.setWindowSize(900, 480);
    expect(await helpInView(true)).toEqual({ lastRow: true, close: true });
    await browser.setWindowSize(1280, 800);
    await browser.keys('?');
    await byTestId('shortcut-help').waitForExist({ reverse: true });
  });

  it('puts an error of the editor beside its controls, not over them, until it is closed', async () => {
    await browser.keys('p'); // nothing selected: "select a segment to play it (P)"
    await byTestId('notice-error').waitForExist();
    await screenshot('first-day-editor-error');
    expect(await coveredControls()).toEqual([]);
    await browser.keys('p');
    await expect(byTestId('notice-error')).toHaveText(expect.stringContaining('×2'));
    expect(await $$('[data-testid="notice-error"]')).toHaveLength(1);
    await byTestId('back').click();
    await byTestId('video-row').waitForExist();
    expect(await coveredControls()).toEqual([]);
  });

  // The warning's own fade (10 s) is left to the unit test of the notice board's lifetimes
  // (fake timers): waiting for it here cost the suite 10 s.
  it('lets the info fade before the warning beside it, while the error stays', async () => {
    await exportTo(path.join(dir, 'ground-truth.json')); // no subset given: a warning
    await byTestId('notice-warning').waitForExist();
    // A notice's text is its message alone (the kind's name is drawn by CSS).
    await waitForText('notice-info', (text) => text.startsWith('exported '));
    expect(await noticeTexts('warning')).toEqual([expect.stringContaining('no subset')]);
    expect(await coveredControls()).toEqual([]);
    await byTestId('notice-info').waitForExist({ reverse: true, timeout: 6_000 });
    expect(await noticeTexts('warning')).toHaveLength(1);
    expect(await noticeTexts('error')).toHaveLength(1);
  });

  it('keeps an export error until it is dismissed, covering nothing', async () => {
    await exportTo(path.join(dir, 'no-such-folder', 'ground-truth.json'));
    await browser.waitUntil(async () => (await noticeTexts('error')).length === 2);
    await screenshot('first-day-project-errors');
    expect(await coveredControls()).toEqual([]);
    for (const button of await $$('[data-testid="notice-error"] button[aria-label="Dismiss"]')) {
      await button.click();
    }
    await byTestId('notice-error').waitForExist({ reverse: true });
  });

  it('says once in the Evaluation view which videos count as ground truth', async () => {
    await byTestId('open-eval').click();
    await byTestId('eval-view').waitForExist();
    const ruleCount = () =>
      browser.execute(
        () =>
          (document.querySelector('[data-testid="eval-view"]')!.textContent ?? '').match(
            /reviewed it|has reviewed count/g,
          )?.length ?? 0,
      );
    expect(await ruleCount()).toBe(1);
    await byTestId('eval-go').click();
    await browser.waitUntil(
      async () =>
        (await byTestId('eval-run-result').isExisting()) ||
        (await byTestId('notice-error').isExisting()),
    );
    await screenshot('first-day-evaluation');
    expect(await ruleCount()).toBe(1);
  });
});
