import { describe, expect, it } from 'vitest';
import {
  describeProviderFailure,
  openWithFallback,
  planProviders,
  type ProviderEnvironment,
} from '../../../../main/inference/executionProviders.ts';

const linuxBuild = ['cpu', 'webgpu', 'cuda', 'tensorrt'];
const env = (over: Partial<ProviderEnvironment>): ProviderEnvironment => ({
  platform: 'linux',
  supported: linuxBuild,
  nvidiaGpu: true,
  anyGpu: true,
  ...over,
});

describe('planProviders', () => {
  it('prefers CUDA then WebGPU on Linux with an NVIDIA GPU, and ends with the CPU', () => {
    expect(planProviders('auto', env({}))).toEqual({
      candidates: ['cuda', 'webgpu', 'cpu'],
      notes: [],
    });
  });

  it('skips GPU providers on a Linux machine without GPU devices, and says so', () => {
    const plan = planProviders('auto', env({ nvidiaGpu: false, anyGpu: false }));
    expect(plan.candidates).toEqual(['cpu']);
    expect(plan.notes).toEqual([
      expect.stringContaining('cuda skipped: no NVIDIA GPU'),
      expect.stringContaining('webgpu skipped: no GPU device'),
    ]);
  });

  it('uses DirectML on Windows and CoreML on macOS, filtered by the build', () => {
    const win = env({
      platform: 'win32',
      supported: ['cpu', 'dml', 'webgpu'],
      nvidiaGpu: undefined,
      anyGpu: undefined,
    });
    expect(planProviders('auto', win).candidates).toEqual(['dml', 'webgpu', 'cpu']);
    expect(planProviders('auto', win).notes).toEqual([
      expect.stringMatching(/^cuda is not available/),
    ]);
    const mac = env({
      platform: 'darwin',
      supported: ['cpu', 'coreml', 'webgpu'],
      nvidiaGpu: undefined,
      anyGpu: undefined,
    });
    expect(planProviders('auto', mac).candidates).toEqual(['coreml', 'webgpu', 'cpu']);
  });

  it('tries an explicit device even without a detected GPU, TensorRT falling back to CUDA', () => {
    const noGpu = env({ nvidiaGpu: false, anyGpu: false });
    expect(planProviders('cuda', noGpu).candidates).toEqual(['cuda', 'cpu']);
    expect(planProviders('tensorrt', noGpu).candidates).toEqual(['tensorrt', 'cuda', 'cpu']);
    expect(planProviders('cpu', noGpu)).toEqual({ candidates: ['cpu'], notes: [] });
    const dml = planProviders('dml', noGpu);
    expect(dml.candidates).toEqual(['cpu']);
    expect(dml.notes[0]).toContain('dml is not available in onnxruntime-node for linux');
  });
});

describe('openWithFallback', () => {
  const plan = { candidates: ['cuda', 'webgpu', 'cpu'], notes: [] };

  it('notes each failure and the provider finally used', async () => {
    const opened = await openWithFallback(plan, async (p) => {
      if (p === 'cuda')
        throw new Error(
          'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
        );
      if (p === 'webgpu')
        throw new Error(
          'x.cc:136 f() status == Success was false. Failed to get a WebGPU adapter: No supported adapters',
        );
      return `session on ${p}`;
    });
    expect(opened.value).toBe('session on cpu');
    expect(opened.provider).toBe('cpu');
    expect(opened.notes).toEqual([
      expect.stringMatching(
        /^cuda failed: .*Failed to load shared library — .*actionline gpu-install/,
      ),
      'webgpu failed: Failed to get a WebGPU adapter: No supported adapters',
      'using cpu',
    ]);
  });

  it('reports nothing when the first choice works', async () => {
    const opened = await openWithFallback(plan, async (p) => p);
    expect(opened).toEqual({ value: 'cuda', provider: 'cuda', notes: [] });
  });

  it('throws what the CPU throws, and fatal errors at once', async () => {
    const boom = new Error('Protobuf parsing failed');
    let tried: string[] = [];
    const open = async (p: string) => {
      tried.push(p);
      throw boom;
    };
    await expect(openWithFallback(plan, open)).rejects.toBe(boom);
    expect(tried).toEqual(['cuda', 'webgpu', 'cpu']);
    tried = [];
    await expect(openWithFallback(plan, open, () => true)).rejects.toBe(boom);
    expect(tried).toEqual(['cuda']);
  });
});

describe('describeProviderFailure', () => {
  it('keeps one line and adds what to do', () => {
    expect(
      describeProviderFailure(
        'dml',
        new Error('no available backend found. ERR: [dml] backend not found.\nmore'),
      ),
    ).toBe(
      'dml failed: no available backend found. ERR: [dml] backend not found. — not in this onnxruntime-node build',
    );
  });
});
