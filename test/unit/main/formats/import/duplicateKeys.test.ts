import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../../../../../main/formats/import/duplicateKeys.ts';

describe('findDuplicateKey', () => {
  it('finds nothing in JSON without duplicate keys', () => {
    expect(
      findDuplicateKey('{"a": 1, "b": [{"a": 2}, {"a": 3}], "c": {"a": {"a": 4}}}'),
    ).toBeNull();
    expect(findDuplicateKey('[1, "a", "a", {"x": "a", "y": "a"}]')).toBeNull();
  });

  it('names the path of the duplicate key', () => {
    expect(findDuplicateKey('{"results": {"abc": [], "def": [], "abc": []}}')).toBe('results.abc');
    expect(findDuplicateKey('{"r": {"v": [{"s": 1}, {"s": 1, "t": 2, "s": 3}]}}')).toBe('r.v[1].s');
  });

  it('compares keys after unescaping and handles escaped quotes', () => {
    expect(findDuplicateKey('{"a\\"b": 1, "a\\u0022b": 2}')).toBe('["a\\"b"]');
    expect(findDuplicateKey('{"x\\\\": {"y": "\\"}"}, "z": 1}')).toBeNull();
  });

  it('skips NaN tokens and survives deep nesting', () => {
    expect(findDuplicateKey('{"a": NaN, "b": -Infinity}')).toBeNull();
    const deep = `${'['.repeat(100_000)}{"k": 1, "k": 2}${']'.repeat(100_000)}`;
    expect(findDuplicateKey(deep)).toBe(`${'[0]'.repeat(100_000)}.k`);
  });
});
