import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { importViolation, MODULES, moduleOf, repoRoot } from '../../../build/layers.js';

/** The modules table of docs/architecture.md, as rows of [name, folder, may import]. */
function documentedModules(): { name: string; folder: string; mayImport: string[] }[] {
  const text = readFileSync(path.join(repoRoot, 'docs/architecture.md'), 'utf8');
  const table = text.split('<!-- layers:begin')[1]!.split('<!-- layers:end -->')[0]!;
  return table
    .split('\n')
    .filter((line) => /^\|\s*[a-z]/.test(line) && !line.includes('may import'))
    .map((line) => {
      const [name, folder, may] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return {
        name: name!,
        folder: folder!.replaceAll('`', ''),
        mayImport: may === '—' ? [] : may!.split(',').map((m) => m.trim()),
      };
    });
}

describe('the layers', () => {
  it('are the ones docs/architecture.md shows', () => {
    expect(documentedModules()).toEqual(
      MODULES.map((m) => ({ name: m.name, folder: m.folder, mayImport: [...m.mayImport] })),
    );
  });

  it('point one way: no module can reach itself through the modules it may import', () => {
    const byName = new Map(MODULES.map((m) => [m.name, m]));
    const reaches = (from: string, seen = new Set<string>()): Set<string> => {
      for (const next of byName.get(from)!.mayImport) {
        expect(byName.has(next), `${from} names an unknown module ${next}`).toBe(true);
        if (!seen.has(next)) {
          seen.add(next);
          reaches(next, seen);
        }
      }
      return seen;
    };
    for (const m of MODULES) expect(reaches(m.name).has(m.name), m.name).toBe(false);
  });

  it('show in the tree: one folder per module, named as it, none inside another, no loose files', () => {
    for (const m of MODULES) {
      expect(path.posix.basename(m.folder), m.folder).toBe(m.name);
      const inside = MODULES.filter((o) => o !== m && o.folder.startsWith(m.folder));
      expect(
        inside.map((o) => o.name),
        `modules inside ${m.folder}`,
      ).toEqual([]);
    }
    const loose = readdirSync(path.join(repoRoot, 'main'), { withFileTypes: true })
      .filter((entry) => !entry.isDirectory())
      .map((entry) => entry.name);
    expect(loose, 'files directly in main/ (each belongs in its module folder)').toEqual([]);
    const folders = readdirSync(path.join(repoRoot, 'main'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `main/${entry.name}/`);
    const moduleFolders = MODULES.map((m) => m.folder);
    expect(
      folders.filter((f) => !moduleFolders.includes(f)),
      'folders in main/ that are no module',
    ).toEqual([]);
  });

  it('place a file in the module of the longest folder it is in', () => {
    expect(moduleOf('main/pipeline/scoreVideo.ts')!.name).toBe('pipeline');
    expect(moduleOf('main/inference/session.ts')!.name).toBe('inference');
    expect(moduleOf('main/activitynet/types.ts')!.name).toBe('activitynet');
    expect(moduleOf('main/formats/export/csvExport.ts')!.name).toBe('formats');
    expect(moduleOf('main/base/paths.ts')!.name).toBe('base');
    expect(moduleOf('test/unit/x.test.ts')).toBeNull();
  });

  it('let an import go down and refuse one that goes up, naming both modules', () => {
    expect(importViolation('main/app/x.ts', '../project/project.ts')).toBeNull();
    expect(importViolation('main/project/x.ts', '../app/appSession.ts')).toMatch(
      /^project \(main\/project\/\) may not import app \(main\/app\/\)/,
    );
    expect(importViolation('main/analysis/x.ts', '../project/runs.ts')).toMatch(/^analysis/);
    expect(importViolation('models/builtin/x.ts', '../../main/base/errors.ts')).toMatch(/^models/);
    expect(importViolation('main/video/x.ts', 'electron')).toMatch(/may not import electron/);
    expect(importViolation('main/electron/x.ts', 'electron')).toBeNull();
    expect(importViolation('shared/x.ts', 'node:fs')).toMatch(/without Node/);
    expect(importViolation('renderer/src/x.ts', '../../main/base/paths.ts')).toMatch(/^renderer/);
    expect(importViolation('main/video/x.ts', '../../test/fixtures/videos.ts')).toMatch(
      /outside every module/,
    );
  });

  it('fail npm run lint on an arrow back up', async () => {
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintText(
      "import { AppSession } from '../app/appSession.ts';\nexport const s = AppSession;\n",
      { filePath: path.join(repoRoot, 'main/project/upward.ts') },
    );
    expect(result!.messages.map((m) => m.ruleId)).toContain('layers/one-way-down');
  });
});
