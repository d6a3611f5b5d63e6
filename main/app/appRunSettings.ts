import type { DatabaseSync } from 'node:sqlite';
import type { ScoreJob } from '../host/protocol.ts';
import { coOccurringClasses } from '../project/projectSettings.ts';
import { runSettings, type RunSettings } from '../runs/runSettings.ts';
import type { AnalyzeRequest } from './analyzeTypes.ts';

/**
 * The settings of a run the app (or `actionline run`) asks for: detection on an interval plan
 * unless the request's sampling says otherwise, with the project's overlap setting. One place
 * for a model's run (analyzeVideos.ts) and a head's (analyzeHead.ts, for the backbone it may
 * run).
 */
export function appRunSettings(
  db: DatabaseSync,
  modelRef: string,
  streams: Pick<ScoreJob, 'twoStream' | 'flow'>,
  request: AnalyzeRequest,
): RunSettings {
  return runSettings(modelRef, streams, {
    task: 'detection',
    plan: { kind: 'interval', intervalSec: request.intervalSec },
    ...request.sampling,
    device: request.device,
    threads: request.threads ?? 0,
    coOccurring: coOccurringClasses(db),
  });
}
