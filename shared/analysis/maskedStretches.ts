import type { ScoredSegment, SnippetScores } from './types.ts';

/**
 * Snippets whose frames did not decode (a damaged stretch, a cut-short file) are masked:
 * their score rows hold NaN, in memory, in the project's score blobs and in queue files,
 * so every later reader knows them. Nothing is inferred there: no segment or suggestion
 * spans a masked stretch, and video labels come from the snippets that decoded.
 */

/** Whether snippet `row`'s scores are masked. */
export function isMaskedRow(scores: SnippetScores, row: number): boolean {
  return Number.isNaN(scores.scores[row * scores.classCount]);
}

/**
 * The masked stretches as time spans [start, end) in seconds: the times whose nearest snippet
 * is masked. A run of masked snippets reaches from halfway to the decoded snippet before it
 * to halfway to the decoded one after it (centre to centre), to 0 or `durationSec` where it
 * has none. Not only the masked snippets' own frames: the frames between snippets are seen by
 * none, so a time counts for its nearest snippet, the one whose scores would speak for it.
 * This is where derive() leaves no prediction (cutMaskedStretches), what the timeline
 * hatches and what undecodedFramesNote says.
 */
export function maskedStretchesSec(scores: SnippetScores, durationSec: number): [number, number][] {
  const centers = scores.snippetCenterSec;
  const stretches: [number, number][] = [];
  for (let i = 0; i < centers.length; i++) {
    if (!isMaskedRow(scores, i)) continue;
    let j = i;
    while (j + 1 < centers.length && isMaskedRow(scores, j + 1)) j++;
    const start = i === 0 ? 0 : (centers[i - 1]! + centers[i]!) / 2;
    const end = j === centers.length - 1 ? durationSec : (centers[j]! + centers[j + 1]!) / 2;
    stretches.push([start, end]);
    i = j;
  }
  return stretches;
}

/** The scores without their masked rows (null when every row is masked). */
export function withoutMaskedRows(scores: SnippetScores): SnippetScores | null {
  const keep: number[] = [];
  for (let i = 0; i < scores.snippetCenterSec.length; i++)
    if (!isMaskedRow(scores, i)) keep.push(i);
  if (keep.length === scores.snippetCenterSec.length) return scores;
  if (keep.length === 0) return null;
  const k = scores.classCount;
  const rows = new Float32Array(keep.length * k);
  keep.forEach((row, i) => rows.set(scores.scores.subarray(row * k, row * k + k), i * k));
  return {
    ...scores,
    snippetCenterSec: Float64Array.from(keep, (row) => scores.snippetCenterSec[row]!),
    scores: rows,
  };
}

/**
 * Segments with the masked stretches cut out of them: a segment across one becomes the
 * pieces on either side; pieces shorter than `minSec` go.
 */
export function cutMaskedStretches(
  segments: readonly ScoredSegment[],
  stretches: readonly [number, number][],
  minSec = 0,
): ScoredSegment[] {
  if (stretches.length === 0) return [...segments];
  const out: ScoredSegment[] = [];
  for (const segment of segments) {
    let pieces = [segment];
    for (const [start, end] of stretches) {
      pieces = pieces.flatMap((p) => {
        if (p.endSec <= start || p.startSec >= end) return [p];
        const before = { ...p, endSec: start };
        const after = { ...p, startSec: end };
        return [before, after].filter((q) => q.endSec - q.startSec > 0);
      });
    }
    out.push(...pieces.filter((p) => p.endSec - p.startSec >= minSec));
  }
  return out;
}

/**
 * The one sentence every face says about the stretches of `scores` whose frames do not decode
 * (the CLI's 'partial' note of a video, the editor's notice above the timeline): "frames do not
 * decode in 0.0–0.6 s, 80.0–81.5 s: no predictions there"; null when no snippet is masked.
 * `durationSec`: the video's duration, where a masked run at the end stops.
 */
export function undecodedFramesNote(scores: SnippetScores, durationSec: number): string | null {
  const stretches = maskedStretchesSec(scores, durationSec);
  if (stretches.length === 0) return null;
  return `frames do not decode in ${describeStretches(stretches)}: no predictions there`;
}

/** "12.0–14.5 s, 80.2–81.0 s": the stretches as a user reads them. */
export function describeStretches(stretches: readonly [number, number][]): string {
  return stretches.map(([a, b]) => `${a.toFixed(1)}–${b.toFixed(1)} s`).join(', ');
}
