import type { ErrorInfo } from '../../shared/result.ts';
import type { DerivationParams } from '../analysis/derivation.ts';
import type { Device } from '../inference/executionProviders.ts';
import type { ModelInUse } from '../host/analysisHost.ts';
import type { FlowEngineKind } from '../pipeline/flowStage.ts';
import type { StreamWeights } from '../pipeline/flowTwoStream.ts';
import type { RunChoices } from '../runs/runSettings.ts';

/** What a model run over project videos is asked, tells as it goes, and ends with. */

export interface AnalyzeRequest {
  videoIds: string[];
  /** A model id or a manifest path. */
  model: string;
  /** Seconds between snippets. */
  intervalSec: number;
  device: Device;
  /** Inference threads; 0 lets onnxruntime decide. */
  threads?: number;
  /**
   * A flow model to run with `model` (RGB) as a two-stream run: both streams' scores are
   * stored (run_streams with these weights) and the predictions come from their fused logits.
   */
  flowModel?: string;
  /** RGB and flow weights of the logits (default 1:1). */
  fusion?: StreamWeights;
  /** Where TV-L1 runs for flow models (default the CPU worker pool). */
  flowEngine?: FlowEngineKind;
  /**
   * How videos are sampled and labelled beyond the interval (`actionline run`: prelabel's
   * options); absent: the app's run, detection on an interval plan.
   */
  sampling?: Pick<
    RunChoices,
    'task' | 'plan' | 'window' | 'exactFrames' | 'refineEdges' | 'batchSnippets'
  >;
  /**
   * Store into this existing run (resuming it) instead of creating one, deriving as it did
   * (its recorded derivation: runs/modelRun.ts recordedRun).
   */
  resume?: { runId: number; derivation: DerivationParams };
}

export type AnalyzeEvent =
  | { type: 'model'; runId: number; model: ModelInUse }
  | {
      type: 'progress';
      runId: number;
      videoId: string;
      doneSnippets: number;
      totalSnippets: number;
    }
  | { type: 'videoDone'; runId: number; videoId: string; segments: number; suggestions: number }
  | { type: 'videoFailed'; runId: number; videoId: string; error: ErrorInfo };

export interface AnalyzeOutcome {
  runId: number;
  done: string[];
  failures: { videoId: string; error: ErrorInfo }[];
  cancelled: boolean;
}

export interface AnalyzeOptions {
  signal?: AbortSignal;
  onEvent?: (e: AnalyzeEvent) => void;
  /** Called once the run exists, before the first video. */
  onRun?: (runId: number) => void;
}
