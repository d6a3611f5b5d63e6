/**
 * The video id an `actionline-media://` request names: its one path segment, percent-decoded.
 * Null for a malformed escape or a path with more segments, which the protocol answers with
 * 400 instead of throwing inside Electron's handler.
 */
export function mediaVideoId(requestUrl: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(requestUrl).pathname;
  } catch {
    return null;
  }
  const raw = pathname.slice(1);
  if (raw.length === 0 || raw.includes('/')) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
