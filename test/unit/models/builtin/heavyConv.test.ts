import { describe, expect, it } from 'vitest';
import { heavyConvCost, heavyConvFlops } from '../../../../models/builtin/heavyConv.ts';

describe('heavyConvCost', () => {
  it('is BNInception-class: about 2 G multiply-adds per 224×224 input', () => {
    const cost = heavyConvCost();
    // conv1 alone, by hand: 112² outputs × 64 filters × 3·7·7 weights = 118,013,952.
    expect(cost.multiplyAdds).toBeGreaterThan(118_013_952);
    expect(cost.multiplyAdds / 1e9).toBeGreaterThan(1.9);
    expect(cost.multiplyAdds / 1e9).toBeLessThan(2.1);
    expect(cost.flops).toBe(2 * cost.multiplyAdds);
    expect(heavyConvFlops()).toBe(cost.flops);
    expect(cost.parameters).toBeGreaterThan(5e6);
  });
});
