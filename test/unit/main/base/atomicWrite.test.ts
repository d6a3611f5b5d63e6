import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeJsonAtomic, writeTextAtomic } from '../../../../main/base/atomicWrite.ts';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'actionline-atomic-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('writeJsonAtomic', () => {
  it('writes indented JSON with a final newline and leaves no temporary file', async () => {
    const target = path.join(folder, 'out.json');
    await writeJsonAtomic(target, { a: [1, 2], b: 'x' });
    expect(await readFile(target, 'utf8')).toBe(
      '{\n  "a": [\n    1,\n    2\n  ],\n  "b": "x"\n}\n',
    );
    expect(await readdir(folder)).toEqual(['out.json']);
  });

  it('replaces an existing file whole', async () => {
    const target = path.join(folder, 'out.json');
    await writeFile(target, 'old content that is longer than the new one');
    await writeJsonAtomic(target, 1);
    expect(await readFile(target, 'utf8')).toBe('1\n');
    expect(await readdir(folder)).toEqual(['out.json']);
  });

  it('refuses NaN before touching the disk', async () => {
    const target = path.join(folder, 'out.json');
    await expect(writeJsonAtomic(target, { score: NaN })).rejects.toThrow(
      /cannot write NaN \(key "score"\)/,
    );
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('writeTextAtomic', () => {
  it('removes its temporary file when the rename fails and keeps what was there', async () => {
    const target = path.join(folder, 'taken');
    await mkdir(target); // renaming a file over a folder fails
    await writeFile(path.join(target, 'inside.txt'), 'keep');
    await expect(writeTextAtomic(target, 'new')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(await readdir(folder)).toEqual(['taken']);
    expect(await readFile(path.join(target, 'inside.txt'), 'utf8')).toBe('keep');
  });

  it('says FILE_NOT_FOUND for a folder that does not exist', async () => {
    const target = path.join(folder, 'missing', 'out.json');
    await expect(writeTextAtomic(target, 'x')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
