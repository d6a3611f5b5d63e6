import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJsonText, readJsonFile } from '../../../../main/activitynet/readJsonFile.ts';

describe('readJsonFile', () => {
  it('reads JSON (with or without a byte-order mark)', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'anet-')), 'gt.json');
    writeFileSync(file, '\uFEFF{"a": [1, 2]}');
    expect(await readJsonFile(file)).toEqual({ a: [1, 2] });
  });

  it('fails with FILE_NOT_FOUND for a missing file', async () => {
    await expect(readJsonFile('/nonexistent/gt.json')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: '/nonexistent/gt.json: file not found',
    });
  });

  it('fails with one BAD_FORMAT line for text that is not JSON', () => {
    expect(() => parseJsonText('{"a": 1,,}', 'gt.json')).toThrow(/^gt\.json: invalid JSON: /);
    expect(() => parseJsonText('{"a": NaN,,}', 'gt.json')).toThrow(/^gt\.json: invalid JSON: /);
    // V8 quotes the text around an unexpected token, line breaks included.
    expect(() => parseJsonText('{"a":\n x}', 'gt.json')).toThrow(
      'gt.json: invalid JSON: Unexpected token \'x\', "{"a": x}" is not valid JSON',
    );
  });

  it('turns bare NaN / Infinity tokens into markers the validator can name, but leaves strings alone', () => {
    const parsed = parseJsonText(
      '{"s": "NaN \\" Infinity", "x": NaN, "y": [-Infinity, Infinity]}',
      'p.json',
    ) as Record<string, unknown>;
    expect(parsed.s).toBe('NaN " Infinity');
    expect(typeof parsed.x).toBe('string');
    expect(parsed.x).not.toBe('NaN');
  });
});
