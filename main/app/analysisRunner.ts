import type { DatabaseSync } from 'node:sqlite';
import type { AnalysisStatus } from '../../shared/ipc/contract.ts';
import { ActionlineError } from '../base/errors.ts';
import type { AnalysisHost } from '../host/analysisHost.ts';
import { analyzeVideos, type AnalyzeRequest } from './analyzeVideos.ts';

export interface AnalysisListener {
  progress(p: {
    runId: number;
    videoId: string;
    doneSnippets: number;
    totalSnippets: number;
  }): void;
  status(s: AnalysisStatus): void;
}

/**
 * The app's one model run at a time: start answers as soon as the run exists, progress and
 * status go out as events, and cancel stops it (what finished stays stored).
 */
export class AnalysisRunner {
  #host: AnalysisHost;
  #listener: AnalysisListener;
  #controller: AbortController | null = null;
  /** Settles when the run going now has ended (stored what it finished, reported its state). */
  #ended: Promise<void> = Promise.resolve();

  constructor(host: AnalysisHost, listener: AnalysisListener) {
    this.#host = host;
    this.#listener = listener;
  }

  get running(): boolean {
    return this.#controller !== null;
  }

  /** Resolves with the first status (the run id known); the run goes on in the background. */
  start(db: DatabaseSync, request: AnalyzeRequest): Promise<AnalysisStatus> {
    if (this.#controller) {
      throw new ActionlineError('BAD_ARGUMENT', 'a model run is already going; cancel it first');
    }
    const controller = new AbortController();
    this.#controller = controller;
    let ended = () => {};
    this.#ended = new Promise<void>((r) => (ended = r));
    return new Promise<AnalysisStatus>((resolve, reject) => {
      let status: AnalysisStatus | null = null;
      const send = (next: AnalysisStatus) => {
        status = next;
        this.#listener.status(next);
      };
      analyzeVideos(db, this.#host, request, {
        signal: controller.signal,
        onRun: (runId) => {
          send({
            runId,
            state: 'running',
            provider: null,
            notes: [],
            done: [],
            failures: [],
            total: request.videoIds.length,
          });
          resolve(status!);
        },
        onEvent: (e) => {
          if (!status) return;
          switch (e.type) {
            case 'model':
              return send({ ...status, provider: e.model.provider, notes: e.model.fallbackNotes });
            case 'progress':
              return this.#listener.progress(e);
            case 'videoDone':
              return send({ ...status, done: [...status.done, e.videoId] });
            case 'videoFailed':
              return send({
                ...status,
                failures: [...status.failures, { videoId: e.videoId, message: e.error.message }],
              });
          }
        },
      })
        .then((outcome) => {
          if (status) send({ ...status, state: outcome.cancelled ? 'cancelled' : 'finished' });
        })
        .catch(reject)
        .finally(() => {
          this.#controller = null;
          ended();
        });
    });
  }

  cancel(): boolean {
    if (!this.#controller) return false;
    this.#controller.abort();
    return true;
  }

  /**
   * Cancels the run going now, if any, and resolves once it has ended: nothing of it writes
   * to the project after this (the project can then be closed under it).
   */
  async stop(): Promise<void> {
    this.cancel();
    await this.#ended;
  }
}
