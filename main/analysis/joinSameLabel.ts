import type { ScoredSegment } from '../../shared/analysis/types.ts';

/**
 * Suggestions of one label that overlap or touch become one (score: the duration-weighted
 * mean). Decoding never makes such a pair; a class mapping that sends two model classes to
 * one project label can, and within a label suggestions must never overlap.
 */
export function joinSameLabel(segments: readonly ScoredSegment[]): ScoredSegment[] {
  const byStart = [...segments].sort((a, b) => a.startSec - b.startSec);
  const open = new Map<string, ScoredSegment>();
  const out: ScoredSegment[] = [];
  for (const s of byStart) {
    const last = open.get(s.label);
    if (last && s.startSec <= last.endSec) {
      const a = last.endSec - last.startSec;
      const b = s.endSec - s.startSec;
      last.score = a + b > 0 ? (last.score * a + s.score * b) / (a + b) : last.score;
      last.endSec = Math.max(last.endSec, s.endSec);
      continue;
    }
    const copy = { ...s };
    open.set(s.label, copy);
    out.push(copy);
  }
  return out;
}
