import type { PreparedMedia, ResponseFor } from '../../../shared/ipc/contract.ts';
import type { ReviewStatus, SegmentRecord } from '../../../shared/project/types.ts';
import type { EditOutcome, VideoDetail } from '../../../shared/project/views.ts';
import { api, call } from './api.ts';
import { notices } from './notices.svelte.ts';

type Scores = ResponseFor<'scores:get'>;

/**
 * One video open in the editor: its detail in the current annotator's view, the stored scores
 * of the run shown, and the selection. Every edit goes to main (committed there at once) and
 * the detail is reloaded, so the screen never shows what the store does not hold.
 */
export class EditorState {
  videoId = $state<string | null>(null);
  detail = $state.raw<VideoDetail | null>(null);
  scores = $state.raw<Scores | null>(null);
  runId = $state<number | null>(null);
  /** Class whose score curve is drawn. */
  curveClass = $state<string | null>(null);
  selected = $state.raw<number[]>([]);
  /** The selected segment's edge that nudges and "at the playhead" keys move, or null. */
  selectedEdge = $state<'start' | 'end' | null>(null);
  /** The ranked proposal shown for the selection (cycled with V), by id, or null. */
  shownAlternative = $state<number | null>(null);
  /** What the player can load: the original, or a proxy once it is made. */
  media = $state<PreparedMedia | null>(null);
  /** Edits sent to main and not yet reloaded (the review benchmark waits for 0). */
  pendingEdits = $state(0);
  /** Shot cuts (seconds from time zero), snap targets for segment edges. */
  shotCuts = $state.raw<Float64Array>(new Float64Array(0));

  constructor() {
    api.on('proxy:progress', (p) => {
      if (p.videoId !== this.videoId) return;
      if (p.state === 'ready') void this.#prepareMedia(p.videoId);
      else this.media = { ...p, mediaUrl: this.media?.mediaUrl ?? null };
    });
  }

  segments = $derived(this.detail?.segments ?? []);
  /** Ranked proposals of runs that suggested a labelling: off screen until asked for. */
  alternatives = $derived(this.detail?.alternatives ?? []);
  /** Undecided predictions (the suggestions to review), by start. */
  undecided = $derived(this.segments.filter((s) => s.provenance === 'predicted'));
  selectedSegments = $derived(this.segments.filter((s) => this.selected.includes(s.id)));
  reviewedCount = $derived(this.segments.filter((s) => s.provenance !== 'predicted').length);

  async open(videoId: string): Promise<void> {
    this.videoId = videoId;
    this.selected = [];
    this.scores = null;
    this.runId = null;
    this.media = null;
    this.shotCuts = new Float64Array(0);
    await this.reload();
    const hasMedia = Boolean(this.detail?.video.path);
    if (hasMedia) await this.#prepareMedia(videoId);
    const run = this.detail?.runs.find((r) => r.hasScores);
    if (run) await this.showRun(run.id);
    // Snap targets only; found by decoding the whole file the first time, which would hold
    // up the scores (the server starts ffmpeg first) if asked for before them.
    if (hasMedia) {
      void call('video:shotCuts', { videoId }).then((r) => {
        if (r && this.videoId === videoId) this.shotCuts = Float64Array.from(r.timesSec);
      });
    }
  }

  /**
   * The player could not decode what it was given (a damaged stretch, a codec variant it
   * lacks): switch to a proxy, made now with its progress shown.
   */
  async mediaFailed(): Promise<void> {
    const videoId = this.videoId;
    if (!videoId || this.media?.state === 'ready' || this.media?.state === 'making') return;
    const media = await call('video:prepareMedia', { videoId, playerFailed: true });
    if (media && this.videoId === videoId) this.media = media;
  }

  async #prepareMedia(videoId: string): Promise<void> {
    const media = await call('video:prepareMedia', { videoId });
    if (media && this.videoId === videoId) this.media = media;
  }

  async reload(): Promise<void> {
    if (!this.videoId) return;
    const detail = await call('video:get', { videoId: this.videoId });
    if (!detail) return;
    this.detail = detail;
    const ids = new Set(detail.segments.map((s) => s.id));
    this.selected = this.selected.filter((id) => ids.has(id));
    if (this.selected.length !== 1) this.selectedEdge = null;
    if (!detail.alternatives.some((a) => a.id === this.shownAlternative)) {
      this.shownAlternative = null;
    }
  }

  async showRun(runId: number): Promise<void> {
    if (!this.videoId) return;
    const scores = await call('scores:get', { videoId: this.videoId, runId });
    if (!scores) return;
    this.runId = runId;
    this.scores = scores;
    const foreground = scores.labels.filter((l) => l !== 'background');
    this.curveClass = foreground[0] ?? scores.labels[0] ?? null;
  }

  select(ids: number[]): void {
    this.selected = ids;
    this.selectedEdge = null;
    this.shownAlternative = null;
  }

  /** The first undecided suggestion starting at or after `fromSec` (else the first of all). */
  nextUndecided(fromSec: number): SegmentRecord | null {
    const list = this.undecided;
    return list.find((s) => s.startSec >= fromSec - 1e-9) ?? list[0] ?? null;
  }

  /** Start edge, end edge, none: the edge the nudge keys move. */
  cycleEdge(): void {
    if (this.selectedSegments.length !== 1) {
      notices.error('select one segment to move its edges');
      return;
    }
    this.selectedEdge =
      this.selectedEdge === null ? 'start' : this.selectedEdge === 'start' ? 'end' : null;
  }

  /** Sets the selected segment's start or end (the edit keeps the edge selected). */
  async setEdge(edge: 'start' | 'end', timeSec: number): Promise<boolean> {
    const [segment] = this.selectedSegments;
    if (!segment || this.selectedSegments.length !== 1) {
      notices.error('select one segment to set its edge');
      return false;
    }
    const change = edge === 'start' ? { startSec: timeSec } : { endSec: timeSec };
    const startSec = change.startSec ?? segment.startSec;
    const endSec = change.endSec ?? segment.endSec;
    if (!(endSec > startSec)) {
      notices.error(`the ${edge} would pass the segment's other edge`);
      return false;
    }
    const edgeBefore = this.selectedEdge;
    const done = await this.update(segment.id, change);
    this.selectedEdge = edgeBefore;
    return done;
  }

  /** Moves the selected edge by `deltaSec` (a frame, a snippet, a second). */
  nudgeEdge(deltaSec: number): Promise<boolean> {
    const [segment] = this.selectedSegments;
    if (!segment || this.selectedEdge === null) {
      notices.error('select an edge first (E)');
      return Promise.resolve(false);
    }
    const atSec = this.selectedEdge === 'start' ? segment.startSec : segment.endSec;
    const durationSec = this.detail?.video.durationSec ?? Infinity;
    return this.setEdge(this.selectedEdge, Math.min(Math.max(0, atSec + deltaSec), durationSec));
  }

  /** The ranked proposals overlapping the selected segment, best first. */
  alternativesOfSelection(): SegmentRecord[] {
    const [segment] = this.selectedSegments;
    if (!segment) return [];
    return this.alternatives
      .filter((a) => a.startSec < segment.endSec && a.endSec > segment.startSec)
      .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.startSec - b.startSec);
  }

  /** Shows the next overlapping proposal (after the last: none). */
  cycleAlternative(): void {
    const list = this.alternativesOfSelection();
    if (list.length === 0) {
      notices.info('no ranked proposal overlaps the selection');
      this.shownAlternative = null;
      return;
    }
    const at = list.findIndex((a) => a.id === this.shownAlternative);
    this.shownAlternative = at + 1 < list.length ? list[at + 1]!.id : null;
  }

  /** The selection takes the shown proposal's edges and label. */
  async takeAlternative(): Promise<boolean> {
    const [segment] = this.selectedSegments;
    const shown = this.alternatives.find((a) => a.id === this.shownAlternative);
    if (!segment || !shown) {
      notices.error('show a proposal first (V)');
      return false;
    }
    this.shownAlternative = null;
    return this.update(segment.id, {
      startSec: shown.startSec,
      endSec: shown.endSec,
      label: shown.label,
    });
  }

  /** Merges the selected segment with the next one on the timeline. */
  mergeWithNext(): Promise<boolean> {
    const [segment] = this.selectedSegments;
    const list = this.segments;
    const at = segment ? list.findIndex((s) => s.id === segment.id) : -1;
    const next = at >= 0 ? list.slice(at + 1).find((s) => s.startSec >= segment!.startSec) : null;
    if (!segment || !next) {
      notices.error('select a segment that has a next one to merge with');
      return Promise.resolve(false);
    }
    return this.edit(call('segments:merge', { segmentIds: [segment.id, next.id] }), (n) =>
      n.map((s) => s.id),
    );
  }

  toggle(id: number): void {
    this.selected = this.selected.includes(id)
      ? this.selected.filter((s) => s !== id)
      : [...this.selected, id];
  }

  /** Runs an edit and reloads; `selectNew` picks the segment(s) the edit produced. */
  async edit(outcome: Promise<EditOutcome | null>, after?: (s: SegmentRecord[]) => number[]) {
    this.pendingEdits++;
    try {
      const done = await outcome;
      if (!done) return false;
      const before = new Set(this.segments.map((s) => s.id));
      await this.reload();
      if (after) this.selected = after(this.segments.filter((s) => !before.has(s.id)));
      return true;
    } finally {
      this.pendingEdits--;
    }
  }

  add(startSec: number, endSec: number, label: string) {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('segment:add', { videoId: this.videoId, startSec, endSec, label }), (n) =>
      n.map((s) => s.id),
    );
  }

  update(segmentId: number, change: { startSec?: number; endSec?: number; label?: string }) {
    return this.edit(call('segment:update', { segmentId, ...change }), (n) =>
      n.length > 0 ? n.map((s) => s.id) : [segmentId],
    );
  }

  relabelSelected(label: string) {
    return Promise.all(this.selected.map((id) => this.update(id, { label })));
  }

  accept() {
    if (this.selected.length === 0) return Promise.resolve(false);
    return this.edit(call('segments:accept', { segmentIds: this.selected }), (n) =>
      n.map((s) => s.id),
    );
  }

  reject() {
    if (this.selected.length === 0) return Promise.resolve(false);
    return this.edit(call('segments:reject', { segmentIds: this.selected }), (n) =>
      n.map((s) => s.id),
    );
  }

  remove() {
    if (this.selected.length === 0) return Promise.resolve(false);
    return this.edit(call('segments:delete', { segmentIds: this.selected }), () => []);
  }

  split(atSec: number) {
    const [segment] = this.selectedSegments.filter((s) => s.startSec < atSec && atSec < s.endSec);
    if (!segment) {
      notices.error('select a segment that the playhead is inside to split it');
      return Promise.resolve(false);
    }
    return this.edit(call('segment:split', { segmentId: segment.id, atSec }), (n) =>
      n.map((s) => s.id),
    );
  }

  merge() {
    if (this.selected.length < 2) {
      notices.error('select two or more segments to merge them (Shift+click)');
      return Promise.resolve(false);
    }
    return this.edit(call('segments:merge', { segmentIds: this.selected }), (n) =>
      n.map((s) => s.id),
    );
  }

  acceptAbove(minScore: number) {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('segments:acceptAbove', { videoId: this.videoId, minScore }));
  }

  /** Undoes the annotator's latest edit of this video (never one made on another video). */
  undo() {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('history:undo', { videoId: this.videoId }));
  }

  redo() {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('history:redo', { videoId: this.videoId }));
  }

  confirmLabel(label: string) {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('video:confirmLabel', { videoId: this.videoId, label }));
  }

  removeLabel(label: string) {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('video:removeLabel', { videoId: this.videoId, label }));
  }

  setReview(status: ReviewStatus) {
    if (!this.videoId) return Promise.resolve(false);
    return this.edit(call('video:setReview', { videoId: this.videoId, status }));
  }
}
