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
  /** What the player can load: the original, or a proxy once it is made. */
  media = $state<PreparedMedia | null>(null);
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
    if (this.detail?.video.path) {
      await this.#prepareMedia(videoId);
      void call('video:shotCuts', { videoId }).then((r) => {
        if (r && this.videoId === videoId) this.shotCuts = Float64Array.from(r.timesSec);
      });
    }
    const run = this.detail?.runs.find((r) => r.hasScores);
    if (run) await this.showRun(run.id);
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
  }

  toggle(id: number): void {
    this.selected = this.selected.includes(id)
      ? this.selected.filter((s) => s !== id)
      : [...this.selected, id];
  }

  /** Runs an edit and reloads; `selectNew` picks the segment(s) the edit produced. */
  async edit(outcome: Promise<EditOutcome | null>, after?: (s: SegmentRecord[]) => number[]) {
    const done = await outcome;
    if (!done) return false;
    const before = new Set(this.segments.map((s) => s.id));
    await this.reload();
    if (after) this.selected = after(this.segments.filter((s) => !before.has(s.id)));
    return true;
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

  undo() {
    return this.edit(call('history:undo', {}));
  }

  redo() {
    return this.edit(call('history:redo', {}));
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
