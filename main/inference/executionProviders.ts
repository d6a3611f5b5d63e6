import { existsSync, readdirSync } from 'node:fs';
import { listSupportedBackends } from 'onnxruntime-node';

import type { Device } from '../../shared/devices.ts';

export { DEVICES, type Device } from '../../shared/devices.ts';

/** What this machine and this onnxruntime-node build offer; gathered once per process. */
export interface ProviderEnvironment {
  platform: NodeJS.Platform;
  /** Execution providers this onnxruntime-node build lists (cuda/tensorrt even when their libraries are missing). */
  supported: readonly string[];
  /** Linux only: an NVIDIA device node exists; undefined where it cannot be told cheaply. */
  nvidiaGpu: boolean | undefined;
  /** Linux only: any GPU device node exists (NVIDIA or a DRM render node). */
  anyGpu: boolean | undefined;
}

let cachedEnvironment: ProviderEnvironment | undefined;

export function currentProviderEnvironment(): ProviderEnvironment {
  if (cachedEnvironment) return cachedEnvironment;
  const linux = process.platform === 'linux';
  const nvidiaGpu = linux ? existsSync('/dev/nvidiactl') || existsSync('/dev/nvidia0') : undefined;
  const renderNode =
    linux && existsSync('/dev/dri') && readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
  cachedEnvironment = {
    platform: process.platform,
    supported: listSupportedBackends().map((b) => b.name),
    nvidiaGpu,
    anyGpu: linux ? nvidiaGpu || renderNode : undefined,
  };
  return cachedEnvironment;
}

export interface ProviderPlan {
  /** Providers to try in order; always ends with 'cpu'. */
  candidates: string[];
  /** Preferred providers left out, and why (reported with the session, never silent). */
  notes: string[];
}

/**
 * The providers to try for a device, best first, always ending with the CPU.
 * `auto` prefers, by platform: Linux CUDA then WebGPU; Windows CUDA, DirectML, WebGPU;
 * macOS CoreML, WebGPU. TensorRT is never chosen automatically: it builds an engine per
 * model at session creation (minutes for a large model) and needs TensorRT installed; ask
 * for it with `tensorrt`. A provider this build does not list, or (Linux) one for a GPU the
 * machine has no device node for, is left out with a note instead of being tried.
 * An explicit device is tried first; `tensorrt` falls back to CUDA, then everything to CPU.
 */
export function planProviders(
  device: Device,
  env: ProviderEnvironment = currentProviderEnvironment(),
): ProviderPlan {
  if (device === 'cpu') return { candidates: ['cpu'], notes: [] };
  const notes: string[] = [];
  const wanted: string[] = [];
  if (device !== 'auto') {
    wanted.push(device);
    if (device === 'tensorrt') wanted.push('cuda');
  } else {
    const preferred: Partial<Record<NodeJS.Platform, string[]>> = {
      linux: ['cuda', 'webgpu'],
      win32: ['cuda', 'dml', 'webgpu'],
      darwin: ['coreml', 'webgpu'],
    };
    for (const p of preferred[env.platform] ?? []) {
      if (p === 'cuda' && env.nvidiaGpu === false) {
        notes.push('cuda skipped: no NVIDIA GPU found (no /dev/nvidia0)');
      } else if (p === 'webgpu' && env.anyGpu === false) {
        notes.push('webgpu skipped: no GPU device found (no /dev/dri/renderD*, /dev/nvidia0)');
      } else {
        wanted.push(p);
      }
    }
  }
  const candidates: string[] = [];
  for (const p of wanted) {
    if (env.supported.includes(p)) candidates.push(p);
    else
      notes.push(
        `${p} is not available in onnxruntime-node for ${env.platform} (it has ${env.supported.join(', ')})`,
      );
  }
  candidates.push('cpu');
  return { candidates, notes };
}

/** The provider list alone (see planProviders). */
export function providerCandidates(device: Device, env?: ProviderEnvironment): string[] {
  return planProviders(device, env).candidates;
}

export interface Opened<T> {
  value: T;
  provider: string;
  /** Every provider left out or failed, and the fallback taken; empty when the first choice worked. */
  notes: string[];
}

/**
 * Opens something (an ORT session) with the plan's providers in turn: a provider that throws
 * is noted with its reason and the next is tried. Errors on the CPU, and errors that
 * `isFatal` says no provider can fix (a corrupt model), are thrown.
 */
export async function openWithFallback<T>(
  plan: ProviderPlan,
  open: (provider: string) => Promise<T>,
  isFatal: (err: unknown) => boolean = () => false,
): Promise<Opened<T>> {
  const notes = [...plan.notes];
  for (const provider of plan.candidates) {
    try {
      const value = await open(provider);
      const first = plan.candidates[0]!;
      if (provider !== first || notes.length > 0) notes.push(`using ${provider}`);
      return { value, provider, notes };
    } catch (err) {
      if (provider === 'cpu' || isFatal(err)) throw err;
      notes.push(describeProviderFailure(provider, err));
    }
  }
  throw new Error('provider plan without cpu'); // planProviders always ends with cpu
}

/** One line: which provider failed, ORT's reason without its source paths, and what to do. */
export function describeProviderFailure(provider: string, err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
  // ORT prefixes some messages with a source location and a failed assertion.
  const reason = (text.match(/ was false\. (.+)$/)?.[1] ?? text).slice(0, 300);
  const missingLibrary = /shared library|cannot open shared object/i.test(text);
  let hint = '';
  if (provider === 'cuda' && missingLibrary) {
    hint =
      ' — its libraries are not installed: run `actionline gpu-install` (needs an NVIDIA driver, CUDA 12, cuDNN 9)';
  } else if (provider === 'tensorrt' && missingLibrary) {
    hint = ' — it needs TensorRT 10 and the CUDA provider (`actionline gpu-install`) installed';
  } else if (/backend not found/i.test(text)) {
    hint = ' — not in this onnxruntime-node build';
  }
  return `${provider} failed: ${reason}${hint}`;
}
