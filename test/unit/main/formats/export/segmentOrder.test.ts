import { describe, expect, it } from 'vitest';
import { compareCodePoints, orderTies } from '../../../../../main/formats/export/segmentOrder.ts';

describe('segment order', () => {
  it('compares text by code point, as SQLite compares UTF-8', () => {
    const texts = ['\u{1F600}', '\uFF01', 'b', 'a', 'ab', ''];
    const bytewise = [...texts].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...texts].sort(compareCodePoints)).toEqual(bytewise);
    expect(bytewise).toEqual(['', 'a', 'ab', 'b', '\uFF01', '\u{1F600}']);
  });

  it('orders rows of equal video and start by end, label, id', () => {
    const rows: [string, number, number, string, number][] = [
      ['v', 1, 5, 'b', 4],
      ['v', 1, 3, 'z', 9],
      ['v', 1, 5, 'a', 7],
      ['v', 1, 5, 'a', 2],
      ['v', 2, 0, 'a', 1],
      ['w', 2, 1, 'a', 3],
    ];
    expect(orderTies(rows).map((r) => r[4])).toEqual([9, 2, 7, 4, 1, 3]);
  });
});
