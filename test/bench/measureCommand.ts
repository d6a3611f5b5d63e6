import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { reapedChildrenCpuSec, startRssSampler } from './processStats.ts';

export interface CommandMeasure {
  wallSec: number;
  /** CPU of the command's whole process tree (children it reaped included). */
  cpuSec: number;
  peakRssMB: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Node's compile cache for every measured command, not only for the CLI (which turns it on
 * itself, main/cli/bin.mjs): a floor measured through stage.ts then starts as fast, and a
 * ratio against it does not credit the CLI with Node start-up the floor also pays.
 */
const COMPILE_CACHE_DIR =
  process.env.NODE_COMPILE_CACHE ?? path.join(os.tmpdir(), 'node-compile-cache');

/** Runs a command to its end, measuring its process tree (Linux /proc). */
export function measureCommand(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<CommandMeasure> {
  const cpuBefore = reapedChildrenCpuSec();
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { NODE_COMPILE_CACHE: COMPILE_CACHE_DIR, ...env },
    });
    const rss = startRssSampler(child.pid!);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      resolve({
        wallSec: (performance.now() - start) / 1000,
        cpuSec: reapedChildrenCpuSec() - cpuBefore,
        peakRssMB: rss.stop(),
        exitCode,
        stdout,
        stderr,
      });
    });
  });
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const round3 = (v: number): number => Math.round(v * 1000) / 1000;
