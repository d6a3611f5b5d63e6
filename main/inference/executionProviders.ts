import { listSupportedBackends } from 'onnxruntime-node';

export const DEVICES = ['auto', 'cpu', 'cuda', 'tensorrt', 'dml', 'coreml', 'webgpu'] as const;
export type Device = (typeof DEVICES)[number];

/**
 * The execution providers to try, best first. `auto` prefers the platform's GPU providers
 * (TensorRT/CUDA where their libraries are installed, DirectML on Windows, CoreML on macOS,
 * then WebGPU) and always ends with the CPU, so a missing GPU stack falls back instead of
 * failing. An explicit device is tried first and also falls back, with the reason reported.
 */
export function providerCandidates(device: Device, platform = process.platform): string[] {
  if (device === 'cpu') return ['cpu'];
  if (device !== 'auto') return [device, 'cpu'];
  const preferred =
    platform === 'win32'
      ? ['cuda', 'dml', 'webgpu']
      : platform === 'darwin'
        ? ['coreml', 'webgpu']
        : ['cuda'];
  // Only what this onnxruntime-node build knows about; "bundled: false" ones (CUDA,
  // TensorRT) need `npm run gpu:install` and fail to load until then.
  const known = new Set(listSupportedBackends().map((b) => b.name));
  return [...preferred.filter((p) => known.has(p)), 'cpu'];
}
