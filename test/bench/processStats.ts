import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU and memory of a whole process tree, read from /proc (Linux). Benchmarks run each
 * measured stage as a child process tree (worker process, inference thread, ffmpeg) and need
 * its total CPU, which no single process's own counters show.
 */
const CLOCK_TICKS_PER_SEC = 100; // USER_HZ on Linux

/** Fields after the parenthesised command name of /proc/<pid>/stat. */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** CPU seconds of this process plus every child it has waited for (cutime + cstime). */
export function selfAndReapedChildrenCpuSec(): number {
  const f = statFields('self');
  if (!f) return Number.NaN;
  // After "pid (comm) ", index 0 is state; utime=11, stime=12, cutime=13, cstime=14.
  const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  return ticks / CLOCK_TICKS_PER_SEC;
}

/** CPU seconds used by reaped children only. */
export function reapedChildrenCpuSec(): number {
  const f = statFields('self');
  if (!f) return Number.NaN;
  return (Number(f[13]) + Number(f[14])) / CLOCK_TICKS_PER_SEC;
}

function childrenOf(): Map<number, number[]> {
  const byParent = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const f = statFields(pid);
    if (!f) continue;
    const ppid = Number(f[1]);
    const list = byParent.get(ppid) ?? [];
    list.push(pid);
    byParent.set(ppid, list);
  }
  return byParent;
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function cmdline(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Resident memory of `rootPid` and all its descendants, in bytes. A child caught between
 * fork and exec (spawning ffmpeg) still runs its parent's command line on its parent's
 * pages: counted, it would add hundreds of MB that are the parent's, so it is skipped.
 */
export function treeRssBytes(rootPid: number): number {
  const byParent = childrenOf();
  let total = 0;
  const stack: { pid: number; parentCmdline: string | null }[] = [
    { pid: rootPid, parentCmdline: null },
  ];
  while (stack.length > 0) {
    const { pid, parentCmdline } = stack.pop()!;
    const own = cmdline(pid);
    if (own !== null && own === parentCmdline) continue;
    total += rssBytes(pid);
    for (const child of byParent.get(pid) ?? []) stack.push({ pid: child, parentCmdline: own });
  }
  return total;
}

/** Samples a process tree's RSS every `intervalMs` until stopped; returns the peak in MB. */
export function startRssSampler(rootPid: number, intervalMs = 100): { stop(): number } {
  let peak = treeRssBytes(rootPid);
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRssBytes(rootPid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, treeRssBytes(rootPid));
      return peak / (1024 * 1024);
    },
  };
}
