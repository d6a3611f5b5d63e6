import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { $, $$, browser } from '@wdio/globals';
import { artifactsDir } from './e2eEnv.ts';

/** The element with that data-testid. */
export const byTestId = (id: string) => $(`[data-testid="${id}"]`);

/** Waits until `condition` holds; on timeout the error says `what` and the last value seen. */
async function waitFor<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  what: string,
  timeout?: number,
) {
  let last: T | undefined;
  try {
    await browser.waitUntil(
      async () => {
        last = await read();
        return ok(last);
      },
      timeout === undefined ? {} : { timeout },
    );
  } catch (err) {
    throw new Error(
      `${what} never came (last: ${JSON.stringify(last)}): ${(err as Error).message}`,
    );
  }
  return last as T;
}

/**
 * Waits until the element's text is `expected` (a string: exactly; a RegExp: matching; a
 * function: returning true); returns the text.
 */
export async function waitForText(
  id: string,
  expected: string | RegExp | ((text: string) => boolean),
  timeout?: number,
) {
  return waitFor(
    async () => {
      const el = byTestId(id);
      return (await el.isExisting()) ? (await el.getText()).trim() : null;
    },
    (text) =>
      text !== null &&
      (typeof expected === 'string'
        ? text === expected
        : typeof expected === 'function'
          ? expected(text)
          : expected.test(text)),
    `[data-testid="${id}"] showing ${expected}`,
    timeout,
  ) as Promise<string>;
}

/** Opens the project file from the project bar as a user does (its path, Enter); waits for it. */
export async function openProjectByPath(file: string) {
  await browser.url(process.env.ACTIONLINE_E2E_URL!);
  await byTestId('project-path').setValue(file);
  await browser.keys('Enter');
  await browser.waitUntil(
    async () => (await byTestId('project-file').getText()) === path.basename(file),
  );
}

/** Opens a video of the project view in the editor and waits for the player's first frame. */
export async function openVideoInEditor(videoId: string) {
  await $(
    `[data-testid="video-row"][data-video-id="${videoId}"] [data-testid="open-video"]`,
  ).click();
  await waitForText('editor-video', videoId);
  await browser.waitUntil(() =>
    browser.execute(
      () =>
        (document.querySelector<HTMLVideoElement>('[data-testid="player-video"]')?.readyState ??
          0) >= 2,
    ),
  );
}

/** Closes every notice, so none covers what the pointer is about to touch. */
export async function dismissNotices() {
  for (const button of await $$('.notices button[aria-label="Dismiss"]')) await button.click();
  await $('.notices .notice').waitForExist({ reverse: true });
}

/** "00:01:02.500" (the inspector's and player's timecode) in seconds. */
export function parseTimecode(text: string): number {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text.trim());
  if (!m) throw new Error(`not a timecode: "${text}"`);
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
}

/** The selected segment as the inspector shows it, or null when nothing is selected. */
export async function inspected(): Promise<{
  label: string;
  provenance: string;
  startSec: number;
  endSec: number;
} | null> {
  if (!(await byTestId('selected-label').isExisting())) return null;
  return {
    label: await byTestId('selected-label').getText(),
    provenance: await byTestId('selected-provenance').getText(),
    startSec: parseTimecode(await $('input[aria-label="Start time"]').getValue()),
    endSec: parseTimecode(await $('input[aria-label="End time"]').getValue()),
  };
}

/** Waits until the inspector shows a selection passing `check`; returns it. */
export async function waitForInspected(
  check: (s: NonNullable<Awaited<ReturnType<typeof inspected>>>) => boolean,
  what: string,
) {
  const found = await waitFor(
    inspected,
    (s) => s !== null && check(s),
    `inspector showing ${what}`,
  );
  return found!;
}

/** "reviewed 3 of 8 predictions" → [3, 8]. */
export async function reviewedCount(): Promise<[number, number]> {
  const text = await byTestId('reviewed-count').getText();
  const m = /reviewed (\d+) of (\d+)/.exec(text);
  if (!m) throw new Error(`unexpected reviewed count "${text}"`);
  return [Number(m[1]), Number(m[2])];
}

export interface TimelineGeometry {
  /** Canvas rectangle in viewport CSS pixels. */
  left: number;
  top: number;
  widthPx: number;
  heightPx: number;
  startSec: number;
  secPerPx: number;
  tracks: {
    name: string;
    laneCount: number;
    topPx: number;
    laneHeightPx: number;
    laneGapPx: number;
  }[];
}

/** Scrolls the timeline into view and reads where things are drawn on it. */
export async function timelineGeometry(): Promise<TimelineGeometry> {
  return browser.execute(() => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline"] canvas')!;
    canvas.scrollIntoView({ block: 'end' });
    const rect = canvas.getBoundingClientRect();
    return {
      left: rect.left,
      top: rect.top,
      widthPx: rect.width,
      heightPx: rect.height,
      startSec: Number(canvas.dataset.startSec),
      secPerPx: Number(canvas.dataset.secPerPx),
      tracks: JSON.parse(canvas.dataset.tracks ?? '[]'),
    };
  });
}

/** Viewport point of time `sec` in lane `lane` of the named track. */
export function pointOf(g: TimelineGeometry, track: string, lane: number, sec: number) {
  const t = g.tracks.find((x) => x.name === track);
  if (!t) throw new Error(`no track "${track}" in ${JSON.stringify(g.tracks)}`);
  const laneTop = t.topPx + lane * (t.laneHeightPx + t.laneGapPx);
  return {
    x: Math.round(g.left + (sec - g.startSec) / g.secPerPx),
    y: Math.round(g.top + laneTop + t.laneHeightPx / 2),
  };
}

/** A mouse drag in viewport coordinates, moved in steps so the page sees pointermoves. */
export async function drag(from: { x: number; y: number }, to: { x: number; y: number }) {
  for (const p of [from, to]) {
    const hit = await browser.execute(
      (x, y) => document.elementFromPoint(x, y)?.outerHTML.slice(0, 60) ?? 'nothing',
      p.x,
      p.y,
    );
    if (!hit.startsWith('<canvas'))
      throw new Error(`(${p.x}, ${p.y}) is on ${hit}, not on the timeline`);
  }
  await browser
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    .move({ x: from.x, y: from.y, origin: 'viewport' })
    .down({ button: 0 })
    .move({ x: Math.round((from.x + to.x) / 2), y: to.y, origin: 'viewport', duration: 100 })
    .move({ x: to.x, y: to.y, origin: 'viewport', duration: 100 })
    .up({ button: 0 })
    .perform();
}

export async function screenshot(name: string): Promise<string> {
  const dir = artifactsDir();
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/** Waits until the filmstrip band of the timeline shows thumbnails at its start, middle and end. */
export async function waitForFilmstrip() {
  await browser.waitUntil(
    () =>
      browser.execute(() => {
        const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline"] canvas');
        const ctx = canvas?.getContext('2d');
        if (!canvas || !ctx) return false;
        const dpr = canvas.width / canvas.clientWidth;
        const y = Math.round(44 * dpr); // FILMSTRIP band: 24–64 px
        return [0.02, 0.5, 0.97].every(
          (f) => ctx.getImageData(Math.round(canvas.width * f), y, 1, 1).data[3]! > 0,
        );
      }),
    { timeoutMsg: 'the filmstrip thumbnails never appeared' },
  );
}

/** A screenshot of the whole editor (the window made tall enough for every track). */
export async function editorScreenshot(name: string): Promise<string> {
  const size = await browser.getWindowSize();
  await browser.setWindowSize(size.width, 1200);
  try {
    await browser.execute(() => document.querySelector('[data-testid="editor"]')?.scrollTo(0, 0));
    await waitForFilmstrip();
    return await screenshot(name);
  } finally {
    await browser.setWindowSize(size.width, size.height);
  }
}

/** A point on the timeline canvas, in its CSS pixels (not the viewport's). */
export interface CanvasPoint {
  xPx: number;
  yPx: number;
}

/**
 * Canvas point of time `sec` in lane `lane` of the named track, `fromLaneTopPx` below the
 * lane's top (the lanes are 22 px: 18 clears the label text and the selection outline).
 */
export function canvasPointOf(
  g: TimelineGeometry,
  track: string,
  lane: number,
  sec: number,
  fromLaneTopPx = 18,
): CanvasPoint {
  const t = g.tracks.find((x) => x.name === track);
  if (!t) throw new Error(`no track "${track}" in ${JSON.stringify(g.tracks)}`);
  const p = {
    xPx: (sec - g.startSec) / g.secPerPx,
    yPx: t.topPx + lane * (t.laneHeightPx + t.laneGapPx) + fromLaneTopPx,
  };
  // Off the canvas getImageData reads transparent black: a check there would pass for nothing.
  if (!(p.xPx >= 1 && p.xPx < g.widthPx - 1 && p.yPx >= 0 && p.yPx < g.heightPx)) {
    throw new Error(`${track} lane ${lane} at ${sec} s is off the canvas: ${JSON.stringify(p)}`);
  }
  return p;
}

/**
 * Middles of the stretches of [0, durationSec) that no interval covers, at least `minSec`
 * long (so a point there is clear of every edge).
 */
export function gapMiddles(
  intervals: readonly (readonly [number, number])[],
  durationSec: number,
  minSec = 0.6,
): number[] {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const middles: number[] = [];
  let coveredTo = 0;
  for (const [startSec, endSec] of [...sorted, [durationSec, durationSec] as const]) {
    if (startSec - coveredTo >= minSec) middles.push((coveredTo + startSec) / 2);
    coveredTo = Math.max(coveredTo, endSec);
  }
  return middles;
}

export type Rgba = [number, number, number, number];

/** The timeline canvas's pixels (RGBA 0–255, as getImageData gives them) at those points. */
export async function timelinePixels(points: CanvasPoint[]): Promise<Rgba[]> {
  const pixels = await browser.execute((pts: CanvasPoint[]) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="timeline"] canvas')!;
    const ctx = canvas.getContext('2d')!;
    const dpr = canvas.width / canvas.clientWidth;
    return pts.map((p) => {
      const d = ctx.getImageData(Math.floor(p.xPx * dpr), Math.floor(p.yPx * dpr), 1, 1).data;
      return [d[0]!, d[1]!, d[2]!, d[3]!];
    });
  }, points);
  return pixels as Rgba[];
}

/** '#4e79a7' and an alpha (0–1) as the RGBA that a fill of that colour on nothing reads back. */
export function fillRgba(hex: string, alpha: number): Rgba {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, Math.round(alpha * 255)];
}

/** Whether `got` shows `want`: transparent exactly, a colour within `tolerance` per channel. */
export function nearRgba(got: Rgba, want: Rgba, tolerance = 3): boolean {
  return want[3] === 0 ? got[3] === 0 : got.every((v, i) => Math.abs(v - want[i]!) <= tolerance);
}

/** Transparent: nothing drawn there (the page shows through). */
export const NOTHING: Rgba = [0, 0, 0, 0];

/**
 * Waits until each point shows its expected RGBA, within `tolerance` per channel (a
 * translucent fill read back from premultiplied storage is off by a level or two); on
 * timeout the error lists each point with what it showed.
 */
export async function waitForPixels(
  checks: { what: string; at: CanvasPoint; rgba: Rgba }[],
  tolerance = 3,
): Promise<void> {
  const near = (a: Rgba, b: Rgba) => nearRgba(a, b, tolerance);
  let seen: Rgba[] = [];
  try {
    await browser.waitUntil(async () => {
      seen = await timelinePixels(checks.map((c) => c.at));
      return checks.every((c, i) => near(seen[i]!, c.rgba));
    });
  } catch {
    const lines = checks.map(
      (c, i) =>
        `${near(seen[i]!, c.rgba) ? 'ok ' : 'BAD'} ${c.what} at (${c.at.xPx.toFixed(1)}, ${c.at.yPx}): ` +
        `want [${c.rgba.join(', ')}], got [${seen[i]?.join(', ')}]`,
    );
    throw new Error(`timeline pixels:\n${lines.join('\n')}`);
  }
}
