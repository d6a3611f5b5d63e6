import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The per-run secret of the web shell. Anyone on the machine can reach 127.0.0.1, so the
 * token (in the printed URL, then in a cookie) is what keeps other users and web pages out.
 */
const TOKEN_BYTES = 32; // 256 bits

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking them. */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined || candidate === '') return false;
  return timingSafeEqual(digest(candidate), digest(token));
}
