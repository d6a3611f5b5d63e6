import type { Browser } from 'webdriverio';
import type { ScoredSegment } from '../../../shared/analysis/types.ts';

/**
 * A scripted oracle annotator for the real editor (docs/review-cost.md): it knows the ground
 * truth, uses the keyboard only, and counts what it does as the cost model says. It reads the
 * editor's state and reaches a moment of a stretch being played through the bench hooks of
 * the test-hooks page (`hooksPage`; renderer/src/testHooks/benchHooks.ts).
 * Every decision and edit is a real key press through WebDriver.
 */

/** What a WebDriver session offers that the oracle uses (the global `browser` or `remote()`'s). */
export type Driver = Browser;

export interface OracleVideo {
  id: string;
  durationSec: number;
  fps: number;
  groundTruth: readonly ScoredSegment[];
}

export interface ReviewRolls {
  preRollSec: number;
  postRollSec: number;
}

/** What a pass cost on one video, and how it got there. */
export interface PassCost {
  videoId: string;
  actions: number;
  watchedSec: number;
  /** Simulated review time: watched seconds + 1 s per action. */
  simulatedSec: number;
  groundTruthSegments: number;
  /** Suggestions pass: what the oracle had to do. */
  accepted: number;
  edgeFixes: number;
  relabels: number;
  rejected: number;
  missed: number;
}

interface Brief {
  id: number;
  startSec: number;
  endSec: number;
  label: string;
  provenance: string;
}

interface EditorSnapshot {
  videoId: string | null;
  /** The video's detail is in and the player has its first frame (an open still loading is not). */
  loaded: boolean;
  pendingEdits: number;
  timeSec: number;
  paused: boolean;
  creationLabel: string;
  pendingOnset: number | null;
  selectedEdge: 'start' | 'end' | null;
  selected: Brief[];
  undecided: Brief[];
  mine: Brief[];
}

/**
 * The served URL's test-hooks page (its token kept): the app with the editor's bench hooks
 * (renderer/src/testHooks/), which the web shell serves to tests only (serve.ts).
 */
export function hooksPage(url: string | URL): string {
  const page = new URL(url);
  page.pathname = '/test-hooks.html';
  return page.href;
}

/** Fails unless the page is the test-hooks page (call before opening a video). */
export async function requireHooks(driver: Driver): Promise<void> {
  const present = await driver.execute(() => '__actionlineBench' in globalThis);
  if (!present) throw new Error('no bench hooks: open hooksPage(url), not the app page');
}

const snapshot = async (driver: Driver): Promise<EditorSnapshot | null> => {
  const json: unknown = await driver.execute(() => {
    const hooks = (globalThis as { __actionlineBench?: { editor?: () => unknown } })
      .__actionlineBench;
    return JSON.stringify(hooks?.editor?.() ?? null);
  });
  return JSON.parse(String(json)) as EditorSnapshot | null;
};

/** The oracle "is there" when the playhead reaches t: free, the stretch is being watched. */
const pauseAt = (driver: Driver, timeSec: number) =>
  driver.execute((t: number) => {
    const hooks = (globalThis as { __actionlineBench?: { pauseAt?: (t: number) => void } })
      .__actionlineBench;
    hooks!.pauseAt!(t);
  }, timeSec);

const tIou = (a: ScoredSegment | Brief, b: ScoredSegment | Brief) => {
  const inter = Math.max(0, Math.min(a.endSec, b.endSec) - Math.max(a.startSec, b.startSec));
  const union = Math.max(a.endSec, b.endSec) - Math.min(a.startSec, b.startSec);
  return union > 0 ? inter / union : 0;
};

export class Oracle {
  readonly #driver: Driver;
  readonly #labels: readonly string[];
  #actions = 0;

  /** `labels`: the label picker's order (keys 1–9). */
  constructor(driver: Driver, labels: readonly string[]) {
    this.#driver = driver;
    this.#labels = labels;
  }

  /** Every key press the oracle made (the app's review record must count as many). */
  get actions(): number {
    return this.#actions;
  }

  async #press(...keys: string[]): Promise<void> {
    this.#actions++;
    await this.#driver.keys(keys);
  }

  async #state(): Promise<EditorSnapshot> {
    const s = await snapshot(this.#driver);
    if (!s) throw new Error('the editor is not open (no bench hooks)');
    return s;
  }

  /** Waits until no edit is in flight and `ok` holds of the editor's state. */
  async #settle(what: string, ok: (s: EditorSnapshot) => boolean = () => true) {
    let last: EditorSnapshot | null = null;
    try {
      await this.#driver.waitUntil(
        async () => {
          last = await snapshot(this.#driver);
          return last !== null && last.pendingEdits === 0 && ok(last);
        },
        { timeout: 15_000, interval: 20 },
      );
    } catch {
      const notices: unknown = await this.#driver.execute(() => {
        const doc = (
          globalThis as {
            document?: { querySelectorAll(q: string): ArrayLike<{ textContent: string | null }> };
          }
        ).document;
        return Array.from(
          doc?.querySelectorAll('.notices .notice') ?? [],
          (n) => n.textContent ?? '',
        );
      });
      throw new Error(
        `oracle: ${what} never came; editor ${JSON.stringify(last)}; notices ${JSON.stringify(notices)}`,
      );
    }
    return last! as EditorSnapshot;
  }

  async #chooseLabel(label: string, current: string): Promise<void> {
    if (label === current) return;
    const index = this.#labels.indexOf(label);
    if (index < 0 || index > 8) throw new Error(`label "${label}" is not on a key 1–9`);
    await this.#press(String(index + 1));
  }

  /**
   * One video reviewed from the project view to the next: Enter opens it, the pass, then
   * Ctrl+Enter; the cost includes both keys.
   */
  async review(
    video: OracleVideo,
    mode: 'scratch' | 'suggestions',
    rolls: ReviewRolls,
  ): Promise<PassCost> {
    const before = this.#actions;
    await this.#openNext(video.id);
    const pass =
      mode === 'scratch'
        ? await this.#fromScratch(video)
        : await this.#fromSuggestions(video, rolls);
    await this.#finish(video.id);
    const actions = this.#actions - before;
    return { ...pass, actions, simulatedSec: pass.watchedSec + actions };
  }

  async #openNext(videoId: string): Promise<void> {
    // Ctrl+Enter on the previous video opened this one already.
    if ((await snapshot(this.#driver))?.videoId !== videoId) await this.#press('Enter');
    await this.#settle(`video ${videoId} to open`, (s) => s.videoId === videoId && s.loaded);
  }

  /** Marks the video reviewed and moves on (Ctrl+Enter). */
  async #finish(videoId: string): Promise<void> {
    await this.#press('Control', 'Enter');
    await this.#driver.waitUntil(async () => (await snapshot(this.#driver))?.videoId !== videoId, {
      timeout: 15_000,
      timeoutMsg: `oracle: ${videoId} to be left`,
    });
  }

  /** An action marked while the video plays: its label key if it changed, then K, K. */
  async #markWhilePlaying(g: ScoredSegment): Promise<EditorSnapshot> {
    const s = await this.#state();
    const count = s.mine.length;
    await this.#chooseLabel(g.label, s.creationLabel);
    await this.#settle('the label', (x) => x.creationLabel === g.label);
    await pauseAt(this.#driver, g.startSec);
    await this.#press('k');
    await this.#settle('the onset', (x) => x.pendingOnset !== null);
    await pauseAt(this.#driver, g.endSec);
    await this.#press('k');
    return this.#settle('the new segment', (x) => x.mine.length === count + 1);
  }

  /** From scratch: watch the whole video; mark each action while it plays. */
  async #fromScratch(video: OracleVideo): Promise<PassCost> {
    const before = this.#actions;
    for (const g of [...video.groundTruth].sort((a, b) => a.startSec - b.startSec)) {
      await this.#markWhilePlaying(g);
    }
    return cost(video, this.#actions - before, video.durationSec, {});
  }

  /** From the suggested labelling: accept, fix, reject each suggestion; then label the misses. */
  async #fromSuggestions(video: OracleVideo, rolls: ReviewRolls): Promise<PassCost> {
    const before = this.#actions;
    const frameSec = 1 / video.fps;
    const matched = new Set<ScoredSegment>();
    const counts = { accepted: 0, edgeFixes: 0, relabels: 0, rejected: 0, missed: 0 };
    const played: [number, number][] = [];
    let s = await this.#state();
    if (s.undecided.length > 0) {
      await this.#press('y'); // nothing selected: the first undecided suggestion, played
      s = await this.#settle('the first suggestion', (x) => x.selected.length === 1);
    }
    while (s.selected.length === 1) {
      const sel = s.selected[0]!;
      const span: [number, number] = [
        Math.max(0, sel.startSec - rolls.preRollSec),
        Math.min(video.durationSec, sel.endSec + rolls.postRollSec),
      ];
      played.push(span);
      const g = video.groundTruth
        .filter((x) => !matched.has(x))
        .map((x) => ({ x, iou: tIou(x, sel) }))
        .sort((a, b) => b.iou - a.iou)[0];
      if (g && g.iou > 0) {
        matched.add(g.x);
        if (sel.label !== g.x.label) {
          counts.relabels++;
          await this.#chooseLabel(g.x.label, sel.label);
          s = await this.#settle('the relabel', (x) => x.selected[0]?.label === g.x.label);
        }
        for (const edge of ['start', 'end'] as const) {
          const want = edge === 'start' ? g.x.startSec : g.x.endSec;
          const have = edge === 'start' ? s.selected[0]!.startSec : s.selected[0]!.endSec;
          if (Math.abs(have - want) <= frameSec + 1e-6) continue;
          counts.edgeFixes++;
          await this.#fixEdge(edge, have, want, span, frameSec);
          s = await this.#settle(`the ${edge} at ${want}`, (x) => {
            const now = x.selected[0];
            const at = edge === 'start' ? now?.startSec : now?.endSec;
            return at !== undefined && Math.abs(at - want) <= frameSec + 1e-6;
          });
        }
      }
      // What is selected now (an edit made it another row): the decision takes it away.
      const decidedId = s.selected[0]!.id;
      if (g && g.iou > 0) {
        counts.accepted++;
        await this.#press('y');
      } else {
        counts.rejected++;
        await this.#press('x');
      }
      s = await this.#settle('the next suggestion', (x) =>
        x.selected.every((y) => y.id !== decidedId),
      );
    }
    // Misses: labelled as from scratch, the unsuggested stretch around each watched.
    let watchedSec = union(played);
    for (const g of video.groundTruth.filter((x) => !matched.has(x))) {
      counts.missed++;
      watchedSec += unsuggestedStretch(g, played, video.durationSec);
      await this.#markWhilePlaying(g);
    }
    return cost(video, this.#actions - before, watchedSec, counts);
  }

  /**
   * An edge to `want`: at the playhead while the stretch plays (Shift+I / Shift+O) when
   * `want` is inside it, else select the edge (E) and nudge it by the fewest presses of a
   * second and a frame.
   */
  async #fixEdge(
    edge: 'start' | 'end',
    have: number,
    want: number,
    span: [number, number],
    frameSec: number,
  ): Promise<void> {
    if (want >= span[0] && want <= span[1]) {
      await pauseAt(this.#driver, want);
      await this.#press('Shift', edge === 'start' ? 'I' : 'O');
      return;
    }
    for (let i = 0; i < 3 && (await this.#state()).selectedEdge !== edge; i++) {
      await this.#press('e');
      await this.#settle('the edge selection');
    }
    const { seconds, frames } = cheapestNudges(want - have, frameSec);
    // One edit per press: each waits until the edge moved (a nudge moves the edge as stored).
    const presses = [
      ...Array<[string, number]>(Math.abs(seconds)).fill([
        seconds > 0 ? ')' : '(',
        Math.sign(seconds),
      ]),
      ...Array<[string, number]>(Math.abs(frames)).fill([
        frames > 0 ? '>' : '<',
        Math.sign(frames) * frameSec,
      ]),
    ];
    let at = have;
    for (const [key, stepSec] of presses) {
      at += stepSec;
      await this.#press(key);
      await this.#settle(`the ${edge} nudged to ${at}`, (x) => {
        const now = x.selected[0];
        const value = edge === 'start' ? now?.startSec : now?.endSec;
        return value !== undefined && Math.abs(value - at) < frameSec / 2;
      });
    }
  }
}

/** Whole seconds and frames that add up to `deltaSec` in the fewest presses. */
export function cheapestNudges(
  deltaSec: number,
  frameSec: number,
): { seconds: number; frames: number } {
  let best = { seconds: 0, frames: Math.round(deltaSec / frameSec) };
  const base = Math.trunc(deltaSec);
  for (const seconds of [base - 1, base, base + 1]) {
    const frames = Math.round((deltaSec - seconds) / frameSec);
    if (Math.abs(seconds) + Math.abs(frames) < Math.abs(best.seconds) + Math.abs(best.frames)) {
      best = { seconds, frames };
    }
  }
  return best;
}

/** Total length of the union of stretches. */
function union(stretches: readonly [number, number][]): number {
  const sorted = [...stretches].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of sorted) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The stretch between the played stretches around `g` (where the annotator has to look). */
function unsuggestedStretch(
  g: ScoredSegment,
  played: readonly [number, number][],
  durationSec: number,
): number {
  const before = Math.max(0, ...played.filter(([, b]) => b <= g.startSec).map(([, b]) => b));
  const after = Math.min(durationSec, ...played.filter(([a]) => a >= g.endSec).map(([a]) => a));
  return Math.max(0, after - before);
}

function cost(
  video: OracleVideo,
  actions: number,
  watchedSec: number,
  counts: Partial<Pick<PassCost, 'accepted' | 'edgeFixes' | 'relabels' | 'rejected' | 'missed'>>,
): PassCost {
  return {
    videoId: video.id,
    actions,
    watchedSec,
    simulatedSec: watchedSec + actions,
    groundTruthSegments: video.groundTruth.length,
    accepted: counts.accepted ?? 0,
    edgeFixes: counts.edgeFixes ?? 0,
    relabels: counts.relabels ?? 0,
    rejected: counts.rejected ?? 0,
    missed: counts.missed ?? 0,
  };
}
