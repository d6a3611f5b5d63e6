/**
 * When the project view offers to train a head (issue 26, item 6): once `trainAfter` videos
 * are reviewed (the setting; 0: never), and again each time as many more are reviewed than
 * the best-informed head learnt from. "Later" counts as a head at that many, so the offer
 * comes back only after as many more again.
 */
export interface OfferFacts {
  /** Videos marked reviewed in the project. */
  reviewed: number;
  /** The setting trainAfterReviewed. */
  trainAfter: number;
  /** The most reviewed videos any head of the project learnt from (0: no head). */
  trainedOn: number;
  /** The reviewed count when the user last said "later" (null: never). */
  declinedAt: number | null;
}

export function offersTraining(f: OfferFacts): boolean {
  if (!(f.trainAfter > 0)) return false;
  const since = Math.max(f.trainedOn, f.declinedAt ?? 0);
  return f.reviewed >= since + f.trainAfter;
}
