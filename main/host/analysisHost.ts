import type { Device } from '../inference/executionProviders.ts';
import type { ScoreVideoResult } from '../pipeline/scoreVideo.ts';
import type { ModelInUse, ScoreJob, ScoreProgress } from './protocol.ts';

/**
 * Where decoding and inference run: a forked Node process for the CLI and the web shell, an
 * Electron utilityProcess in the desktop app. A crash there fails the job, never the caller.
 */
export interface AnalysisHost {
  score(
    job: ScoreJob,
    opts?: {
      signal?: AbortSignal;
      onProgress?: (p: ScoreProgress) => void;
      onModel?: (m: ModelInUse) => void;
    },
  ): Promise<ScoreVideoResult>;
  close(): Promise<void>;
}

export type { Device, ModelInUse, ScoreJob, ScoreProgress };
