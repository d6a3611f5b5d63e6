import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../../../renderer/src/lib/shortcuts.ts';

describe("the README's key table", () => {
  it('lists every shortcut of the editor, as the help overlay does', () => {
    const readme = readFileSync(path.join(import.meta.dirname, '../../../../README.md'), 'utf8');
    const table = readme.split('<!-- keys:begin')[1]!.split('<!-- keys:end -->')[0]!;
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| key') && !l.startsWith('| ---'))
      .map((l) =>
        l
          .slice(2, -2)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim().replaceAll('\\|', '|')),
      );
    const listed = new Map(rows.map(([keys, description]) => [keys, description]));
    for (const s of SHORTCUTS) expect(listed.get(s.keys), s.keys).toBe(s.description);
    expect(listed.has('1–9')).toBe(true);
    expect(rows).toHaveLength(SHORTCUTS.length + 1);
  });
});
