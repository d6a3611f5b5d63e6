import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { appRoot } from './paths.ts';

/**
 * Files started as separate processes or threads. In development Node 24 runs the .ts
 * sources; in a build (and the packaged app) the bundler emits each as its own entry in
 * out/main/, named after the key below.
 */
const sources = {
  analysisWorker: 'main/host/workerEntry.ts',
  inferenceThread: 'main/pipeline/inferenceThread.ts',
  diagnosticsWorker: 'main/diagnostics/diagnosticsProcess.ts',
  flowWorker: 'main/flow/flowWorker.ts',
  flowOnnxThread: 'main/flow/flowOnnxWorker.ts',
  headTrainThread: 'main/learn/trainThread.ts',
} as const;

export type EntryPoint = keyof typeof sources;

const runningFromSource = fileURLToPath(import.meta.url).endsWith('.ts');

export function entryPointPath(name: EntryPoint): string {
  return runningFromSource
    ? path.join(appRoot, sources[name])
    : path.join(appRoot, 'out', 'main', `${name}.js`);
}

export function entryPointUrl(name: EntryPoint): URL {
  return pathToFileURL(entryPointPath(name));
}

export const entryPointSources = sources;
