import { describe, expect, it } from 'vitest';
import { descendingScoreOrder, descendingTiouOrder } from '../../../../main/eval/rankOrder.ts';

describe('descendingScoreOrder', () => {
  it('sorts high to low and keeps input order among equal scores', () => {
    expect(descendingScoreOrder([0.2, 0.9, 0.5, 0.9, 0.2])).toEqual([1, 3, 2, 0, 4]);
  });
});

describe('descendingTiouOrder', () => {
  it('puts NaN first (numpy argsort puts it last, the official code reverses), then high to low', () => {
    expect(descendingTiouOrder([0.3, NaN, 0.8, 0.3, NaN])).toEqual([1, 4, 2, 0, 3]);
  });
});
