import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readImportJson } from '../../../../../main/formats/import/readImportJson.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'actionline-read-import-'));
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

async function errorOf(file: string, maxBytes?: number): Promise<Error & { code: string }> {
  try {
    await readImportJson(file, maxBytes);
  } catch (err) {
    return err as Error & { code: string };
  }
  throw new Error('expected an error');
}

describe('readImportJson', () => {
  it('reads UTF-8 JSON with or without a byte-order mark', async () => {
    expect(await readImportJson(write('a.json', '{"ä": [1, 2]}'))).toEqual({ ä: [1, 2] });
    expect(await readImportJson(write('b.json', '\ufeff{"x": 1}'))).toEqual({ x: 1 });
  });

  it('refuses bytes that are not UTF-8 instead of storing U+FFFD', async () => {
    const file = write('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]));
    const err = await errorOf(file);
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toBe(
      `${file}: not UTF-8 text (binary or another encoding; a JSON file was expected)`,
    );
  });

  it('says so for UTF-16 files', async () => {
    const file = write('utf16.json', Buffer.from('\ufeff{}', 'utf16le'));
    expect((await errorOf(file)).message).toBe(`${file}: is UTF-16 text; save it as UTF-8`);
  });

  it('reports truncated and binary files in one line', async () => {
    const truncated = write('cut.json', '{"results": {"abc": [{"label": "x", "sc');
    const err = await errorOf(truncated);
    expect(err.message).toMatch(new RegExp(`^${truncated}: invalid JSON: `));
    expect(err.message).not.toContain('\n');
    const binary = write('bin.json', Buffer.from([0, 1, 2, 3, 10, 13, 0x7f]));
    expect((await errorOf(binary)).message).toMatch(/invalid JSON/);
    expect((await errorOf(write('empty.json', ''))).message).toMatch(/invalid JSON/);
  });

  it('refuses duplicate keys, naming the path', async () => {
    const file = write('dup.json', '{"results": {"abc": [], "abc": [{"score": 1}]}}');
    expect((await errorOf(file)).message).toBe(
      `${file}: results.abc: appears twice in its object (JSON keeps only the last)`,
    );
  });

  it('refuses files over the size limit before reading them', async () => {
    const file = write('big.json', `[${'0,'.repeat(1000)}0]`);
    expect((await errorOf(file, 1024)).message).toMatch(
      /larger than the 0\.0 MiB an import accepts/,
    );
  });

  it('reports missing files and folders', async () => {
    const missing = path.join(dir, 'nope.json');
    expect(await errorOf(missing)).toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `${missing}: file not found`,
    });
    const folder = path.join(dir, 'folder.json');
    mkdirSync(folder);
    expect((await errorOf(folder)).message).toBe(`${folder}: is a folder, not a JSON file`);
  });
});
