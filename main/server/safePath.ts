import path from 'node:path';

/**
 * Maps a request's raw path (percent-encoded, as it arrived) to a file under `rootDir`, or
 * undefined when the path could leave it. Works on the raw path because URL parsers fold
 * `..` and `%2e%2e` away before we could see them; anything odd is refused, not repaired.
 */
export function splitRawPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  return q >= 0 ? rawUrl.slice(0, q) : rawUrl;
}

/** The decoded segments of a raw path, or undefined when any segment is unsafe. */
export function safeSegments(rawPath: string): string[] | undefined {
  if (!rawPath.startsWith('/')) return undefined;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined; // malformed percent-encoding
    }
    if (
      segment === '' || // `//x` and `/x//y` look like absolute or UNC paths to some layers
      segment === '.' ||
      segment === '..' ||
      /[/\\\0]/.test(segment) || // an encoded separator would merge segments after decoding
      /^[a-zA-Z]:/.test(segment) // a Windows drive
    ) {
      return undefined;
    }
    segments.push(segment);
  }
  return segments;
}

export function resolveUnder(rootDir: string, rawPath: string): string | undefined {
  const segments = safeSegments(rawPath);
  if (!segments || segments.length === 0) return undefined;
  const root = path.resolve(rootDir);
  const file = path.resolve(root, ...segments);
  const relative = path.relative(root, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return file;
}
