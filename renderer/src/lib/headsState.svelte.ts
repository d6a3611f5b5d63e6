import type { HeadView } from '../../../shared/heads/headView.ts';
import { call } from './api.ts';
import { notices } from './notices.svelte.ts';
import type { ProjectState } from './projectState.svelte.ts';
import { offersTraining } from './trainingOffer.ts';

/**
 * The project's heads as the project view shows them (issue 26, item 6): the list, the offer to
 * train once enough videos are reviewed, a training under way, and the head whose held-out
 * metrics are on screen. Training then applying is the loop: the new head's metrics are shown,
 * and it suggests on the unreviewed videos (a model run like any other, in the run panel).
 */
export class HeadsState {
  heads = $state.raw<HeadView[]>([]);
  /** The setting: offer to train after this many reviewed videos (0: never). */
  trainAfter = $state(0);
  training = $state(false);
  /** The head whose metrics are shown (the one just trained, or the one asked for). */
  shown = $state.raw<HeadView | null>(null);
  /** Whether the project view's heads panel is open (training opens it, for the metrics). */
  panelOpen = $state(false);
  /** The reviewed count when the user said "later" to the offer. */
  declinedAt = $state<number | null>(null);
  readonly #project: ProjectState;

  constructor(project: ProjectState) {
    this.#project = project;
  }

  reviewed = $derived(this.#reviewedCount());
  offered = $derived(
    !this.training &&
      offersTraining({
        reviewed: this.reviewed,
        trainAfter: this.trainAfter,
        trainedOn: Math.max(0, ...this.heads.map((h) => h.videoCount)),
        declinedAt: this.declinedAt,
      }),
  );

  #reviewedCount(): number {
    return this.#project.videos.filter((v) => v.reviewStatus === 'reviewed').length;
  }

  async load(): Promise<void> {
    const [heads, settings] = await Promise.all([call('heads:list', {}), call('settings:get', {})]);
    if (heads) this.heads = heads;
    if (settings) this.trainAfter = settings.trainAfterReviewed;
    if (this.shown && !this.heads.some((h) => h.name === this.shown!.name)) this.shown = null;
  }

  decline(): void {
    this.declinedAt = this.reviewed;
  }

  /** Trains a head on the reviewed videos, shows its metrics, then lets it suggest. */
  async train(name?: string): Promise<void> {
    this.training = true;
    this.panelOpen = true;
    const head = await call('heads:train', name ? { name } : {});
    this.training = false;
    await this.load();
    if (!head) return;
    this.shown = head;
    notices.info(
      `head "${head.name}" learnt from ${head.videoCount} reviewed videos: held-out accuracy ${(100 * head.accuracy).toFixed(1)}%`,
    );
    await this.apply(head.name);
  }

  async cancel(): Promise<void> {
    await call('heads:cancelTraining', {});
  }

  /** The head suggests on the unreviewed videos (their suggestions become its own). */
  async apply(name: string): Promise<void> {
    this.#project.progress = {};
    const applied = await call('heads:apply', { name });
    if (!applied) return;
    this.#project.analysis = applied.status;
    for (const note of applied.notes) notices.warn(note);
  }

  async remove(name: string): Promise<void> {
    const heads = await call('heads:delete', { name });
    if (heads) this.heads = heads;
    if (this.shown?.name === name) this.shown = null;
  }
}
