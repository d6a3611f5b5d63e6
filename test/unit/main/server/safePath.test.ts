import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveUnder, safeSegments, splitRawPath } from '../../../../main/server/safePath.ts';

describe('safeSegments', () => {
  it('decodes ordinary segments', () => {
    expect(safeSegments('/assets/index-abc.js')).toEqual(['assets', 'index-abc.js']);
    expect(safeSegments('/a%20b.css')).toEqual(['a b.css']);
  });

  it('refuses dot segments, plain or percent-encoded', () => {
    for (const p of ['/../x', '/a/../../x', '/%2e%2e/x', '/%2E%2E/x', '/./x', '/a/%2e/x']) {
      expect(safeSegments(p), p).toBeUndefined();
    }
  });

  it('refuses encoded separators, NUL, empty segments and drive letters', () => {
    for (const p of [
      '/..%2fx',
      '/a%2f..%2f..%2fx',
      '/a%5c..%5cx',
      '//etc/passwd',
      '/a//b',
      '/x%00.js',
      '/C:/x',
      '/%ZZ',
    ]) {
      expect(safeSegments(p), p).toBeUndefined();
    }
  });

  it('refuses paths that are not absolute URL paths', () => {
    expect(safeSegments('etc/passwd')).toBeUndefined();
    expect(safeSegments('http://evil/x')).toBeUndefined();
  });
});

describe('resolveUnder', () => {
  const root = path.resolve('/srv/app');

  it('resolves inside the root', () => {
    expect(resolveUnder(root, '/assets/a.js')).toBe(path.join(root, 'assets', 'a.js'));
  });

  it('never resolves to the root itself or outside it', () => {
    expect(resolveUnder(root, '/')).toBeUndefined();
    expect(resolveUnder(root, '/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveUnder(root, '/%2Fetc%2Fpasswd')).toBeUndefined();
  });
});

describe('splitRawPath', () => {
  it('drops the query without decoding anything', () => {
    expect(splitRawPath('/a%2e?token=x?y')).toBe('/a%2e');
    expect(splitRawPath('/')).toBe('/');
  });
});
