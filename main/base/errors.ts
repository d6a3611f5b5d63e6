import type { ErrorCode, ErrorInfo } from '../../shared/result.ts';

/**
 * An error meant for the user: a code, a one-line message, and the file it is about.
 * Its message already names the file, so callers print `message` and nothing else.
 */
export class ActionlineError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;

  constructor(code: ErrorCode, message: string, file?: string) {
    super(file && !message.includes(file) ? `${file}: ${message}` : message);
    this.name = 'ActionlineError';
    this.code = code;
    this.file = file;
  }

  toInfo(): ErrorInfo {
    return this.file === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, file: this.file };
  }
}

/** Turns anything thrown into an ErrorInfo; unknown errors become INTERNAL. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof ActionlineError) return err.toInfo();
  if (err instanceof Error && err.name === 'AbortError') {
    return { code: 'CANCELLED', message: 'cancelled' };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

export function isAbortError(err: unknown): boolean {
  return (
    err instanceof Error &&
    (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR')
  );
}
