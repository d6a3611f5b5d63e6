import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/random/seededRandom.ts';
import { splitByVideo } from '../../../../main/learn/splitByVideo.ts';

describe('the held-out split', () => {
  it('holds out round(n × fraction) whole videos, at least one, leaving at least one', () => {
    const split = splitByVideo(10, 0.2, seededRandom(1));
    expect(split.heldOut).toHaveLength(2);
    expect([...split.train, ...split.heldOut].sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
    expect(splitByVideo(2, 0.01, seededRandom(1)).heldOut).toHaveLength(1);
    expect(splitByVideo(2, 0.99, seededRandom(1)).train).toHaveLength(1);
  });

  it('follows the seed', () => {
    expect(splitByVideo(20, 0.2, seededRandom(5))).toEqual(splitByVideo(20, 0.2, seededRandom(5)));
    expect(splitByVideo(20, 0.2, seededRandom(5)).heldOut).not.toEqual(
      splitByVideo(20, 0.2, seededRandom(6)).heldOut,
    );
  });

  it('refuses a single video', () => {
    expect(() => splitByVideo(1, 0.2, seededRandom(1))).toThrow(/at least two/);
  });
});
