import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../shared/random/seededRandom.ts';
import { BalancedSampler } from '../../../../main/learn/balancedSampling.ts';
import type { TrainingVideo } from '../../../../main/learn/types.ts';

function video(targets: number[]): TrainingVideo {
  return {
    videoId: 'v',
    dim: 1,
    half: new Uint16Array(targets.length),
    targets: Int32Array.from(targets),
  };
}

// Video 0: 2 class snippets, 6 background, 2 left out; video 1: 1 class, 4 background.
const videos = [video([0, 1, 1, 0, 0, -1, 0, 0, -1, 0]), video([0, 0, 2, 0, 0])];

function drawn(sampler: BalancedSampler, seed: number): [number, number][] {
  const list = sampler.epoch(seededRandom(seed));
  return Array.from(list.video, (v, i) => [v, list.snippet[i]!]);
}

describe('class-balanced sampling', () => {
  it('draws every class snippet and backgroundPerClass × as many background ones, never a -1', () => {
    const sampler = new BalancedSampler(videos, [0, 1], 1);
    const snippets = drawn(sampler, 1);
    expect(snippets).toHaveLength(6);
    const targets = snippets.map(([v, t]) => videos[v]!.targets[t]!);
    expect(targets.filter((t) => t > 0)).toHaveLength(3);
    expect(targets.filter((t) => t === 0)).toHaveLength(3);
    expect(targets).not.toContain(-1);
    expect(new Set(snippets.map(String)).size).toBe(6);
  });

  it('takes all the background there is when it is short, and only the videos asked for', () => {
    const sampler = new BalancedSampler(videos, [0], 10);
    expect(sampler.perEpoch).toBe(8);
    expect(drawn(sampler, 1).every(([v]) => v === 0)).toBe(true);
  });

  it('follows the seed, and draws other background with another', () => {
    const sampler = () => new BalancedSampler(videos, [0, 1], 1);
    expect(drawn(sampler(), 3)).toEqual(drawn(sampler(), 3));
    const seeds = [1, 2, 3, 4, 5].map((seed) => JSON.stringify(drawn(sampler(), seed)));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });
});
