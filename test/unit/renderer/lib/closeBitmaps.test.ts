import { describe, expect, it } from 'vitest';
import { closeBitmaps } from '../../../../renderer/src/lib/closeBitmaps.ts';

describe('bitmaps the timeline stops drawing', () => {
  it('are closed, each once, and missing ones skipped', () => {
    const closed: number[] = [];
    const bitmap = (id: number) => ({ close: () => void closed.push(id) });
    closeBitmaps([bitmap(1), null, bitmap(2)]);
    closeBitmaps(new Map([[0, bitmap(3)]]).values());
    expect(closed).toEqual([1, 2, 3]);
  });
});
