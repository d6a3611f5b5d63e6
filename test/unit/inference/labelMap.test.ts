import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLabelMap } from '../../../main/inference/labelMap.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'actionline-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('loadLabelMap', () => {
  it('reads one name per line, ignoring trailing blank lines and CRLF', async () => {
    const p = file('a.txt', '\uFEFFrun\r\njump \nswim\n\n\n');
    expect(await loadLabelMap(p, 'lines')).toEqual(['run', 'jump', 'swim']);
  });

  it('rejects a blank line inside', async () => {
    const p = file('b.txt', 'run\n\nswim\n');
    await expect(loadLabelMap(p, 'lines')).rejects.toThrow(/line 2 is blank/);
  });

  it('reads a JSON array', async () => {
    const p = file('c.json', '["run", "jump"]');
    expect(await loadLabelMap(p, 'json')).toEqual(['run', 'jump']);
  });

  it('reads a JSON object keyed by index, in index order', async () => {
    const p = file('d.json', '{"1": "jump", "0": "run", "2": "swim"}');
    expect(await loadLabelMap(p, 'json')).toEqual(['run', 'jump', 'swim']);
  });

  it('rejects a JSON object with a gap in its indices', async () => {
    const p = file('e.json', '{"0": "run", "2": "swim"}');
    await expect(loadLabelMap(p, 'json')).rejects.toMatchObject({
      code: 'BAD_MANIFEST',
      message: expect.stringContaining('key "2" is not an index 0…1'),
    });
  });

  it('rejects duplicates and a missing file', async () => {
    await expect(loadLabelMap(file('f.txt', 'run\nrun\n'), 'lines')).rejects.toThrow(/twice/);
    await expect(loadLabelMap(path.join(dir, 'none.txt'), 'lines')).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});
