import type { DatabaseSync } from 'node:sqlite';
import { ActionlineError } from '../base/errors.ts';
import { requireVideo } from '../project/videos.ts';
import type { PrelabelQueue } from '../queue/prelabelQueue.ts';

/**
 * The app's side of the distributed queue: send project videos as jobs, watch their state,
 * and pull finished results into the project as a model run. BullMQ is loaded only when a
 * queue is first used, and one connection per Redis URL and queue name is kept open.
 */
export interface QueueTarget {
  redisUrl: string;
  queueName?: string | undefined;
}

export interface QueueVideoState {
  videoId: string;
  state: string;
  fraction: number;
  error: string | null;
}

export class QueueLink {
  #queues = new Map<string, Promise<PrelabelQueue>>();
  /** The job of each video sent from this app, per queue. */
  #jobs = new Map<string, Map<string, string>>();

  async send(
    db: DatabaseSync,
    target: QueueTarget,
    req: { videoIds: string[]; model: string; intervalSec: number; resultsDir: string | null },
  ): Promise<{ added: number; existing: number }> {
    const videos = req.videoIds.map((id) => {
      const video = requireVideo(db, id);
      const media = video.path ?? video.url;
      if (!media) throw new ActionlineError('BAD_ARGUMENT', `video "${id}" has no media file`);
      return media;
    });
    const { addVideos } = await import('../queue/prelabelQueue.ts');
    const { prelabelParams } = await import('../queue/jobs.ts');
    const outcome = await addVideos(await this.#queue(target), {
      videos,
      model: req.model,
      params: prelabelParams({ plan: { kind: 'interval', intervalSec: req.intervalSec } }),
      resultsDir: req.resultsDir,
    });
    const jobs = this.#jobsOf(target);
    for (const j of [...outcome.added, ...outcome.existing]) jobs.set(j.videoId, j.jobId);
    return { added: outcome.added.length, existing: outcome.existing.length };
  }

  async status(target: QueueTarget): Promise<{
    counts: Record<string, number>;
    ratePerMin: number | null;
    etaSec: number | null;
    workers: number;
    videos: QueueVideoState[];
  }> {
    const queue = await this.#queue(target);
    const { queueStatus, jobStates } = await import('../queue/status.ts');
    const jobs = [...this.#jobsOf(target)];
    const [status, states] = await Promise.all([
      queueStatus(queue),
      jobStates(
        queue,
        jobs.map(([, jobId]) => jobId),
      ),
    ]);
    return {
      counts: { ...status.counts },
      ratePerMin: status.ratePerMin,
      etaSec: status.etaSec,
      workers: status.workers,
      videos: states.map((s, i) => ({
        videoId: jobs[i]![0],
        state: s.state,
        fraction: s.fraction,
        error: s.error,
      })),
    };
  }

  async collect(
    db: DatabaseSync,
    target: QueueTarget,
    req: { model?: string | undefined; resultsDir: string | null },
  ): Promise<{ runId: number; videos: number; segments: number; failed: number }> {
    const { readBatches, chooseBatch, mergeIntoProject } = await import('../queue/collect.ts');
    const { DEFAULT_QUEUE_NAME } = await import('../queue/connection.ts');
    const batch = chooseBatch(
      await readBatches(await this.#queue(target), req.model ? { model: req.model } : {}),
    );
    const merged = await mergeIntoProject(db, batch, {
      queueName: target.queueName ?? DEFAULT_QUEUE_NAME,
      resultsDir: req.resultsDir,
    });
    return {
      runId: merged.runId,
      videos: merged.videos,
      segments: merged.segments,
      failed: batch.failed.length,
    };
  }

  async close(): Promise<void> {
    const queues = [...this.#queues.values()];
    this.#queues.clear();
    await Promise.all(queues.map((q) => q.then((queue) => queue.close()).catch(() => {})));
  }

  #jobsOf(target: QueueTarget): Map<string, string> {
    const key = keyOf(target);
    let jobs = this.#jobs.get(key);
    if (!jobs) this.#jobs.set(key, (jobs = new Map()));
    return jobs;
  }

  #queue(target: QueueTarget): Promise<PrelabelQueue> {
    const key = keyOf(target);
    let queue = this.#queues.get(key);
    if (!queue) {
      queue = (async () => {
        const { openQueue } = await import('../queue/prelabelQueue.ts');
        const { DEFAULT_QUEUE_NAME } = await import('../queue/connection.ts');
        return openQueue(target.redisUrl, target.queueName ?? DEFAULT_QUEUE_NAME, 5_000);
      })();
      this.#queues.set(key, queue);
      queue.catch(() => this.#queues.delete(key));
    }
    return queue;
  }
}

function keyOf(target: QueueTarget): string {
  return `${target.redisUrl} ${target.queueName ?? ''}`;
}
