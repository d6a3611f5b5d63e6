import { describe, expect, it } from 'vitest';
import {
  batchKey,
  canonicalJson,
  jobIdFor,
  videoIdOf,
  type PrelabelParams,
} from '../../../../main/queue/jobs.ts';

const params: PrelabelParams = {
  task: 'detection',
  plan: { kind: 'interval', intervalSec: 1 },
  window: null,
  maxSegmentsPerVideo: 100,
  labelsPerVideo: 5,
};

describe('job ids', () => {
  it('are stable whatever the key order, and differ by video, model and parameters', () => {
    const reordered = JSON.parse(
      '{"labelsPerVideo":5,"window":null,"plan":{"intervalSec":1,"kind":"interval"},"maxSegmentsPerVideo":100,"task":"detection"}',
    ) as PrelabelParams;
    const id = jobIdFor('v_abc', 'motion', params);
    expect(jobIdFor('v_abc', 'motion', reordered)).toBe(id);
    expect(id).toMatch(/^pl-[0-9a-f]{32}$/); // no ':' (BullMQ refuses it), not all digits
    expect(jobIdFor('v_abd', 'motion', params)).not.toBe(id);
    expect(jobIdFor('v_abc', 'tsn', params)).not.toBe(id);
    expect(jobIdFor('v_abc', 'motion', { ...params, plan: { kind: 'tsn25' } })).not.toBe(id);
    expect(jobIdFor('v_abc', 'motion', { ...params, task: 'classification' })).not.toBe(id);
  });

  it('batch keys group the videos of one model + parameters', () => {
    expect(batchKey('motion', params)).toBe(batchKey('motion', { ...params }));
    expect(batchKey('motion', params)).not.toBe(
      batchKey('motion', { ...params, window: { windowSec: 4, strideSec: 2 } }),
    );
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: 'x' }] })).toBe(
      '{"a":[2,{"c":"x"}],"b":1}',
    );
  });
});

describe('videoIdOf', () => {
  it('takes the file name without its last extension, from paths and URLs', () => {
    expect(videoIdOf('/data/v_abc.mp4')).toBe('v_abc');
    expect(videoIdOf('/data/clip.part1.mkv')).toBe('clip.part1');
    expect(videoIdOf('https://media.example.org/set/v_x%20y.mp4?token=1')).toBe('v_x y');
  });
});
