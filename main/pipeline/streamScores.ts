import type { SnippetScores } from '../../shared/analysis/types.ts';

// Beside ScoreVideoResult (scoreVideo.ts), which carries them, and flowTwoStream.ts, which
// makes them from a result of each stream: below both.

/** One stream of a multi-stream result, as a project stores it (run_streams + snippet_scores). */
export interface StreamScores {
  /** 'rgb' or 'flow' (the model's modality). */
  stream: string;
  modelId: string;
  weight: number;
  scores: SnippetScores;
}
