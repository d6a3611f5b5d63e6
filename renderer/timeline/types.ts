/**
 * The timeline's view of a segment. Times are seconds from time zero (the first decoded
 * frame); a segment covers [startSec, endSec). Pixels appear only when drawn.
 */
import type { Provenance } from '../../shared/project/types.ts';

export type { Provenance };

export interface TimelineSegment {
  id: string;
  startSec: number;
  endSec: number;
  label: string;
  /** Model confidence; null for segments no model scored (manual ones). */
  score: number | null;
  provenance: Provenance;
}

/** A time interval [startSec, endSec) — the part of a segment the geometry needs. */
export interface TimeInterval {
  startSec: number;
  endSec: number;
}
