/**
 * How each provenance looks, so a reviewer tells at a glance what is still a guess:
 * predicted = translucent with an outline (not yet confirmed), accepted = solid,
 * edited = solid with a corner marker, rejected = grey and hatched, manual = solid with a
 * dashed outline, imported = solid with a dotted outline.
 */
import type { Provenance } from '../types.ts';

export interface SegmentStyle {
  /** Opacity of the class-colour fill (0 = outline only). */
  fillAlpha: number;
  /** Outline in the class colour; null for none. */
  outlineDash: number[] | null;
  /** Grey instead of the class colour. */
  grey: boolean;
  hatched: boolean;
  marker: boolean;
}

export const SEGMENT_STYLES: Readonly<Record<Provenance, SegmentStyle>> = {
  predicted: { fillAlpha: 0.3, outlineDash: [], grey: false, hatched: false, marker: false },
  accepted: { fillAlpha: 1, outlineDash: null, grey: false, hatched: false, marker: false },
  edited: { fillAlpha: 1, outlineDash: null, grey: false, hatched: false, marker: true },
  rejected: { fillAlpha: 0.35, outlineDash: null, grey: true, hatched: true, marker: false },
  manual: { fillAlpha: 1, outlineDash: [4, 2], grey: false, hatched: false, marker: false },
  imported: { fillAlpha: 1, outlineDash: [1, 2], grey: false, hatched: false, marker: false },
};
