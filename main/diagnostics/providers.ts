import { createRequire } from 'node:module';
import ort from 'onnxruntime-node';
import { GraphBuilder } from '../../models/onnx/graphBuilder.ts';
import {
  currentProviderEnvironment,
  describeProviderFailure,
  openWithFallback,
  planProviders,
  type Device,
} from '../inference/executionProviders.ts';
// Importing the session module applies its ORT log policy (quiet unless ACTIONLINE_ORT_LOG),
// so a missing GPU provider shows up as a line in the report, not as red ORT log output.
import '../inference/session.ts';
import { onnxruntimeBinDir } from '../base/paths.ts';

const require = createRequire(import.meta.url);

export interface ProviderCheck {
  name: string;
  /** A tiny model loaded and ran on this provider alone. */
  works: boolean;
  /** Why not (one line, with what to do), when it does not. */
  error?: string;
  ms: number;
}

export interface ProviderChoice {
  device: Device;
  /** The provider a session asked for `device` gets on this machine. */
  provider: string;
  /** Providers skipped or failed on the way, as a run would report them. */
  notes: string[];
}

export interface OnnxRuntimeReport {
  version: string;
  bindingDir: string;
  /** What this onnxruntime-node build lists (listSupportedBackends). */
  backends: string[];
  providers: ProviderCheck[];
  /** What `auto` picks here. */
  auto: ProviderChoice;
  /** What the settings' default device picks here (the same as auto when that is auto). */
  defaultDevice: ProviderChoice;
}

/** y = x + 1 on a [1, 4] float tensor: loads on every provider in milliseconds. */
function probeModel(): Uint8Array {
  const g = new GraphBuilder('actionline_doctor_probe');
  const x = g.input('x', [1, 4]);
  g.node('Add', [x, g.floats('one', [1])], {}, 'y');
  g.output('y', [1, 4]);
  return g.toBytes();
}

async function openAndRun(model: Uint8Array, provider: string): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(model, {
    executionProviders: [provider],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
  });
  try {
    const out = await session.run({
      x: new ort.Tensor('float32', new Float32Array([0, 1, 2, 3]), [1, 4]),
    });
    const y = out.y?.data as Float32Array | undefined;
    if (!y || y[3] !== 4)
      throw new Error(`wrong result from the probe model: ${y ? [...y] : 'none'}`);
    return session;
  } catch (err) {
    await session.release();
    throw err;
  }
}

function ortVersion(): string {
  try {
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return ort.env.versions?.node ?? 'unknown';
  }
}

/**
 * Tries every provider this build lists, one at a time, by loading and running a tiny model on
 * it; then asks the app's own provider plan (planProviders + openWithFallback, as a real run
 * does) which provider `auto` and the default device end up with.
 */
export async function checkOnnxRuntime(defaultDevice: Device): Promise<OnnxRuntimeReport> {
  const model = probeModel();
  const env = currentProviderEnvironment();
  const providers: ProviderCheck[] = [];
  for (const name of env.supported) {
    const start = performance.now();
    try {
      const s = await openAndRun(model, name);
      await s.release();
      providers.push({ name, works: true, ms: Math.round(performance.now() - start) });
    } catch (err) {
      providers.push({
        name,
        works: false,
        error: describeProviderFailure(name, err).replace(/^\S+ failed: /, ''),
        ms: Math.round(performance.now() - start),
      });
    }
  }
  const choose = async (device: Device): Promise<ProviderChoice> => {
    const opened = await openWithFallback(planProviders(device, env), (p) => openAndRun(model, p));
    await opened.value.release();
    return { device, provider: opened.provider, notes: opened.notes };
  };
  const auto = await choose('auto');
  return {
    version: ortVersion(),
    bindingDir: onnxruntimeBinDir(),
    backends: [...env.supported],
    providers,
    auto,
    defaultDevice: defaultDevice === 'auto' ? auto : await choose(defaultDevice),
  };
}
