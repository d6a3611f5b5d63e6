/**
 * The envelope every request returns across a process boundary (IPC, WebSocket, worker).
 * Errors keep a machine-readable code, because error classes do not survive serialisation.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** The file the error is about, when there is one. */
  file?: string;
}

export type ErrorCode =
  | 'BAD_ARGUMENT'
  | 'FILE_NOT_FOUND'
  | 'BAD_VIDEO'
  | 'BAD_MODEL'
  | 'BAD_MANIFEST'
  | 'BAD_FORMAT'
  | 'INFERENCE_FAILED'
  | 'WORKER_CRASHED'
  | 'CANCELLED'
  | 'CONFLICT'
  | 'INTERNAL';

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(error: ErrorInfo): Result<T> {
  return { ok: false, error };
}
