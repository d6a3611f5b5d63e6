import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * HTTP Basic auth, the one kind Label Studio's ML connection sends (api_connector.py:
 * requests' HTTPBasicAuth with the model's "Basic auth user" and "pass"). Checked as the SDK
 * does (api.py check_auth: hmac.compare_digest on each part), in constant time: both parts
 * are compared as SHA-256 digests, so neither a wrong length nor a wrong first byte answers
 * sooner.
 */
export interface Credentials {
  user: string;
  password: string;
}

export function basicAuthorized(header: string | undefined, expected: Credentials): boolean {
  const given = parseBasic(header);
  // Both comparisons run whatever the first gives.
  const userOk = sameSecret(given?.user ?? '', expected.user);
  const passwordOk = sameSecret(given?.password ?? '', expected.password);
  return given !== null && userOk && passwordOk;
}

/** `Basic base64(user:password)`; the user ends at the first colon (RFC 7617). */
export function parseBasic(header: string | undefined): Credentials | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
