import { describe, expect, it } from 'vitest';
import { offersTraining } from '../../../../renderer/src/lib/trainingOffer.ts';

const facts = { reviewed: 0, trainAfter: 3, trainedOn: 0, declinedAt: null };

describe('offering to train a head', () => {
  it('offers once the setting’s number of videos is reviewed and no head learnt from them', () => {
    expect(offersTraining({ ...facts, reviewed: 2 })).toBe(false);
    expect(offersTraining({ ...facts, reviewed: 3 })).toBe(true);
    expect(offersTraining({ ...facts, reviewed: 3, trainedOn: 3 })).toBe(false);
  });

  it('offers again after as many more reviewed videos than the best-informed head learnt from', () => {
    expect(offersTraining({ ...facts, reviewed: 5, trainedOn: 3 })).toBe(false);
    expect(offersTraining({ ...facts, reviewed: 6, trainedOn: 3 })).toBe(true);
  });

  it('after "later", only after as many more again; 0 never offers', () => {
    expect(offersTraining({ ...facts, reviewed: 4, declinedAt: 3 })).toBe(false);
    expect(offersTraining({ ...facts, reviewed: 6, declinedAt: 3 })).toBe(true);
    expect(offersTraining({ ...facts, reviewed: 50, trainAfter: 0 })).toBe(false);
  });
});
