import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExcludeList, readExcludeList } from '../../../../main/eval/readExcludeList.ts';

describe('readExcludeList', () => {
  it('reads one id per line, trimming, skipping blanks and # comments', async () => {
    expect(parseExcludeList('abc\r\n  def  \n\n# blocked by the challenge\nv_ghi\n')).toEqual([
      'abc',
      'def',
      'v_ghi',
    ]);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'exclude-')), 'ids.txt');
    writeFileSync(file, 'x1\nx2\n');
    expect(await readExcludeList(file)).toEqual(['x1', 'x2']);
  });

  it('fails with FILE_NOT_FOUND naming the file', async () => {
    await expect(readExcludeList('/nonexistent/ids.txt')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: '/nonexistent/ids.txt: file not found',
    });
  });
});
