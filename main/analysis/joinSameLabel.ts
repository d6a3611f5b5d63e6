import type { ScoredSegment } from '../../shared/analysis/types.ts';

/**
 * Suggestions of one label that overlap, touch or lie closer than `maxGapSec` become one
 * (score: the duration-weighted mean). Decoding never makes an overlapping pair; a class
 * mapping that sends two model classes to one project label can, and within a label
 * suggestions must never overlap. By start time.
 */
export function joinSameLabel(segments: readonly ScoredSegment[], maxGapSec = 0): ScoredSegment[] {
  const byStart = [...segments].sort((a, b) => a.startSec - b.startSec);
  const open = new Map<string, ScoredSegment>();
  const out: ScoredSegment[] = [];
  for (const s of byStart) {
    const last = open.get(s.label);
    // A gap is closed only between neighbours: never across another label's suggestion.
    const overlaps = last !== undefined && s.startSec <= last.endSec;
    const nearNeighbour =
      last !== undefined && out.at(-1) === last && s.startSec - last.endSec <= maxGapSec;
    if (last && (overlaps || nearNeighbour)) {
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
