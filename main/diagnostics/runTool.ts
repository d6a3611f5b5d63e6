import { execFile } from 'node:child_process';

export type ToolResult =
  { ok: true; stdout: string } | { ok: false; missing: boolean; reason: string };

/**
 * Runs a diagnostic tool and never throws: a tool that is absent (ENOENT), fails, or takes
 * longer than `timeoutMs` is a result with the reason, because a bug report must come out
 * even on a machine that lacks the tool.
 */
export function runTool(
  command: string,
  args: readonly string[],
  timeoutMs = 5000,
): Promise<ToolResult> {
  return new Promise((resolve) => {
    try {
      execFile(
        command,
        args,
        { timeout: timeoutMs, windowsHide: true, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          if (!err) return resolve({ ok: true, stdout });
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOENT') return resolve({ ok: false, missing: true, reason: 'not found' });
          const killed = (err as { killed?: boolean }).killed;
          const detail = killed
            ? `no answer within ${timeoutMs} ms`
            : (stderr || err.message).trim().split('\n')[0]!.slice(0, 300);
          resolve({ ok: false, missing: false, reason: detail });
        },
      );
    } catch (err) {
      resolve({ ok: false, missing: false, reason: (err as Error).message });
    }
  });
}
