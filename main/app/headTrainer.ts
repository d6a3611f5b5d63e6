import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import {
  trainProjectHead,
  type TrainHeadOutcome,
  type TrainHeadRequest,
} from '../runs/projectHead.ts';

/**
 * The app's one head training at a time (issue 26, item 6), as AnalysisRunner is its one model
 * run: training goes on a thread of its own (learn/trainOffThread.ts), so the app answers
 * other requests meanwhile; cancel ends the thread and stores nothing, and stop waits for that
 * before the project is closed under it.
 */
export class HeadTrainer {
  #controller: AbortController | null = null;
  #ended: Promise<void> = Promise.resolve();

  get training(): boolean {
    return this.#controller !== null;
  }

  async train(db: DatabaseSync, request: TrainHeadRequest): Promise<TrainHeadOutcome> {
    if (this.#controller) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        'a head is training already: wait for it, or cancel it first',
      );
    }
    const controller = new AbortController();
    this.#controller = controller;
    const training = trainProjectHead(db, request, controller.signal);
    this.#ended = training.then(
      () => {},
      () => {},
    );
    try {
      return await training;
    } finally {
      this.#controller = null;
    }
  }

  cancel(): boolean {
    if (!this.#controller) return false;
    this.#controller.abort();
    return true;
  }

  /** Cancels the training going now, if any, and resolves once it has ended. */
  async stop(): Promise<void> {
    this.cancel();
    await this.#ended;
  }
}
