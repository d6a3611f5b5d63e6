import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFileList, readImportTexts } from '../../../../../main/formats/import/importFiles.ts';

/** A file, or a folder of files, for the formats that take either (THUMOS14, ELAN). */
describe('importFileList and readImportTexts', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionline-import-files-'));
  const folder = path.join(dir, 'set');
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'b.eaf'), '0123456789');
  writeFileSync(path.join(folder, 'a.eaf'), '0123456789');
  writeFileSync(path.join(folder, 'notes.txt'), 'not one of them');

  it("lists a folder's matching files in order, or the file itself", async () => {
    expect(await importFileList(folder, /\.eaf$/, 'ELAN files')).toEqual({
      files: [path.join(folder, 'a.eaf'), path.join(folder, 'b.eaf')],
      isDirectory: true,
    });
    const one = path.join(folder, 'a.eaf');
    expect(await importFileList(one, /\.eaf$/, 'ELAN files')).toEqual({
      files: [one],
      isDirectory: false,
    });
  });

  it('names the path when nothing matches or nothing is there', async () => {
    await expect(importFileList(folder, /\.xml$/, 'CVAT files')).rejects.toThrow(
      `${folder}: no CVAT files in this folder`,
    );
    await expect(importFileList(path.join(dir, 'gone'), /x/, 'x')).rejects.toThrow(
      /gone: not found/,
    );
  });

  it('reads them all, refusing before reading when together they pass the limit', async () => {
    const { files } = await importFileList(folder, /\.eaf$/, 'ELAN files');
    expect((await readImportTexts(folder, files, 20, 'an .eaf file')).map((t) => t.text)).toEqual([
      '0123456789',
      '0123456789',
    ]);
    await expect(readImportTexts(folder, files, 15, 'an .eaf file')).rejects.toThrow(
      `${folder}: its files together are 0.0 MiB, more than the 0.0 MiB an import accepts`,
    );
  });
});
