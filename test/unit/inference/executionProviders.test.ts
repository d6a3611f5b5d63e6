import { describe, expect, it } from 'vitest';
import {
  providerCandidates,
  type ProviderEnvironment,
} from '../../../main/inference/executionProviders.ts';

const linuxGpu: ProviderEnvironment = {
  platform: 'linux',
  supported: ['cpu', 'cuda', 'tensorrt', 'webgpu'],
  nvidiaGpu: true,
  anyGpu: true,
};

describe('providerCandidates', () => {
  it('cpu is the CPU alone', () => {
    expect(providerCandidates('cpu', linuxGpu)).toEqual(['cpu']);
    expect(providerCandidates('cpu')).toEqual(['cpu']);
  });

  it('an explicit cuda falls back to the CPU', () => {
    expect(providerCandidates('cuda', linuxGpu)).toEqual(['cuda', 'cpu']);
    expect(providerCandidates('tensorrt', linuxGpu)).toEqual(['tensorrt', 'cuda', 'cpu']);
  });

  it('auto always ends with cpu', () => {
    expect(providerCandidates('auto', linuxGpu)).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(providerCandidates('auto', { ...linuxGpu, nvidiaGpu: false, anyGpu: false })).toEqual([
      'cpu',
    ]);
    expect(providerCandidates('auto').at(-1)).toBe('cpu');
  });
});
