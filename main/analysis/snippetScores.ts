import { ActionlineError } from '../base/errors.ts';
import type { SnippetScores } from '../../shared/analysis/types.ts';

/** Number of snippets (rows) of a score matrix. */
export function snippetCountOf(s: SnippetScores): number {
  return s.snippetCenterSec.length;
}

/**
 * Rejects a score matrix the analysis cannot trust: shape mismatches, non-finite scores,
 * center times that go backwards. Called once at each entry point, not in inner loops.
 */
export function checkSnippetScores(s: SnippetScores): void {
  const snippetCount = s.snippetCenterSec.length;
  if (!(Number.isInteger(s.classCount) && s.classCount >= 1)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `snippet scores: classCount must be ≥ 1, got ${s.classCount}`,
    );
  }
  if (s.labels.length !== s.classCount) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `snippet scores: ${s.labels.length} labels for ${s.classCount} classes`,
    );
  }
  if (s.scores.length !== snippetCount * s.classCount) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `snippet scores: ${s.scores.length} values, expected ${snippetCount} snippets × ${s.classCount} classes`,
    );
  }
  for (let i = 0; i < s.scores.length; i++) {
    if (!Number.isFinite(s.scores[i])) {
      const snippet = Math.floor(i / s.classCount);
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `snippet scores: snippet ${snippet}, class "${s.labels[i % s.classCount]}" has score ${s.scores[i]}`,
      );
    }
  }
  for (let i = 0; i < snippetCount; i++) {
    const centerSec = s.snippetCenterSec[i] as number;
    if (
      !Number.isFinite(centerSec) ||
      (i > 0 && centerSec < (s.snippetCenterSec[i - 1] as number))
    ) {
      throw new ActionlineError(
        'BAD_ARGUMENT',
        `snippet scores: snippet centers must be finite and ascending (snippet ${i} at ${centerSec} s)`,
      );
    }
  }
}

/** One class's score over the snippets, as float64. */
export function classColumn(s: SnippetScores, classIndex: number): Float64Array {
  const snippetCount = s.snippetCenterSec.length;
  const column = new Float64Array(snippetCount);
  for (let i = 0; i < snippetCount; i++)
    column[i] = s.scores[i * s.classCount + classIndex] as number;
  return column;
}
