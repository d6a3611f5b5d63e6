import type { DatabaseSync } from 'node:sqlite';
import { isAbortError } from '../base/errors.ts';
import { findAnnotator, listAnnotators } from '../project/annotators.ts';
import { trainProjectHead } from '../runs/projectHead.ts';

/**
 * START_TRAINING from Label Studio: trains a head on the project's reviewed videos and their
 * stored features (runs/projectHead.ts, the path of `actionline train`), one training at a
 * time, in the background: the webhook is answered at once (Label Studio waits 100 s at most)
 * and the log says how it ended. A new head serves predictions once `actionline run --model
 * head:NAME` has run it over the videos.
 */
export interface HeadTrainer {
  /** What the webhook answers as its `result`. */
  start(): { training: 'started' | 'running' | 'not started'; reason?: string };
  /** Settles when no training runs. */
  idle(): Promise<void>;
  /** Stops a running training; nothing is stored. */
  stop(): Promise<void>;
}

export function headTrainer(
  db: DatabaseSync,
  annotator: string | undefined,
  log: (line: string) => void,
): HeadTrainer {
  let running: Promise<void> | null = null;
  let controller: AbortController | null = null;
  return {
    start() {
      if (running) return { training: 'running' };
      const chosen = chooseAnnotator(db, annotator);
      if (typeof chosen === 'string') {
        log(`START_TRAINING: not started: ${chosen}`);
        return { training: 'not started', reason: chosen };
      }
      controller = new AbortController();
      log(`START_TRAINING: training a head on ${chosen.name}'s reviewed videos…`);
      running = trainProjectHead(db, { annotatorId: chosen.id }, controller.signal)
        .then(({ head }) =>
          log(
            `START_TRAINING: stored head "${head.name}"; \`actionline run <project> --model head:${head.name}\` makes its suggestions, which /predict then serves`,
          ),
        )
        .catch((err: unknown) => {
          if (isAbortError(err)) log('START_TRAINING: stopped, no head stored');
          else log(`START_TRAINING: failed: ${err instanceof Error ? err.message : String(err)}`);
        })
        .finally(() => {
          running = null;
          controller = null;
        });
      return { training: 'started' };
    },
    idle: () => running ?? Promise.resolve(),
    async stop() {
      controller?.abort();
      await (running ?? Promise.resolve());
    },
  };
}

/** The annotator named, or the project's only one; else why there is none to learn from. */
function chooseAnnotator(
  db: DatabaseSync,
  name: string | undefined,
): { id: number; name: string } | string {
  if (name !== undefined)
    return findAnnotator(db, name) ?? `the project has no annotator "${name}"`;
  const all = listAnnotators(db);
  if (all.length === 1) return all[0]!;
  return all.length === 0
    ? 'the project has no annotator, so no reviewed videos to learn from'
    : `the project has ${all.length} annotators: start ml-backend with --annotator NAME to say whose review a head learns`;
}
