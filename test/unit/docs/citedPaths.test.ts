import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../../build/layers.js';

// docs/architecture.md names files a newcomer opens first, and comments point at files
// ("validated in main/app/router.ts"); a file moved or renamed must take its mentions along.
// The paths come from the page and the comments themselves, so moving folders (git mv) only
// asks them to follow.

const DOC = 'docs/architecture.md';
/** Top folders: a path that starts with one of these is repository-relative. */
const ROOTS = ['main', 'shared', 'renderer', 'models', 'test', 'build', 'docs'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'dist', 'test-artifacts']);

/** Every file (and every folder, ending with '/') of the working tree, repository-relative. */
function treePaths(): Set<string> {
  const paths = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(repoRoot, dir), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        paths.add(`${rel}/`);
        walk(rel);
      } else {
        paths.add(rel);
      }
    }
  };
  walk('');
  return paths;
}

/**
 * The `code spans` of `markdown` that name a file or folder: a file name with an extension
 * (`forEachVideo.ts`, `main/app/router.ts`) or a folder ending with '/'. Channel names, rule
 * names (`layers/one-way-down`) and URL paths (`/health`) are not.
 */
export function citedPaths(markdown: string): string[] {
  return [...markdown.matchAll(/`([^`\s]+)`/g)]
    .map((m) => m[1]!)
    .filter((t) => /^[\w.-]+(\/[\w.-]+)*(\/|\.(ts|js|mjs|svelte|md|json))$/.test(t));
}

/** Why `cited` names nothing in `tree`, or null when it names something. */
export function missing(cited: string, tree: ReadonlySet<string>): string | null {
  if (/^x\.\w+$/.test(path.posix.basename(cited))) return null; // the Rules' example files
  if (ROOTS.includes(cited.split('/')[0]!))
    return tree.has(cited) ? null : `${cited}: no such path`;
  // A name inside a module's description (`runSettings.ts`, `import/importFormats.ts`).
  for (const p of tree) if (p === cited || p.endsWith(`/${cited}`)) return null;
  return `${cited}: no file or folder of that name`;
}

/** The tour's numbered steps: [number, the path it opens with, the rest]. */
export function tourSteps(tour: string): { n: number; file: string | null; line: string }[] {
  return tour
    .split('\n')
    .filter((line) => /^\d+\. /.test(line))
    .map((line) => ({
      n: Number(line.split('.')[0]),
      file: /^\d+\. `([^`]+)` — \S/.exec(line)?.[1] ?? null,
      line,
    }));
}

describe('docs/architecture.md', () => {
  const text = readFileSync(path.join(repoRoot, DOC), 'utf8');
  const tree = treePaths();
  const tour = text.split('<!-- tour:begin')[1]?.split('<!-- tour:end -->')[0] ?? '';

  it('tours one snippet through numbered steps, each opening one file, all of which exist', () => {
    const steps = tourSteps(tour);
    expect(steps.length).toBeGreaterThan(20);
    expect(steps.map((s) => s.n)).toEqual(steps.map((_, i) => i + 1));
    expect(steps.filter((s) => s.file === null).map((s) => s.line)).toEqual([]);
    // Every file the tour names is spelled from the repository root, so it is found exactly.
    const named = citedPaths(tour);
    expect(named.filter((p) => !ROOTS.includes(p.split('/')[0]!))).toEqual([]);
    expect(named.map((p) => missing(p, tree)).filter(Boolean)).toEqual([]);
  });

  it('cites only files and folders that exist, links included', () => {
    const links = [...text.matchAll(/\]\((\.\.?\/[^)#\s]+)/g)].map((m) =>
      path.posix.normalize(path.posix.join(path.posix.dirname(DOC), m[1]!)),
    );
    const cited = [...citedPaths(text), ...links];
    expect(cited.length).toBeGreaterThan(50);
    expect(cited.map((p) => missing(p, tree)).filter(Boolean)).toEqual([]);
  });
});

/** Repository paths in `source` (`main/app/router.ts`), not the tails of longer ones. */
export function sourceCitations(source: string): string[] {
  const rooted = new RegExp(
    `(?<![\\w./-])(?:${ROOTS.join('|')})/[\\w./-]+\\.(?:ts|js|mjs|svelte|md|json)\\b`,
    'g',
  );
  return [...source.matchAll(rooted)].map((m) => m[0]);
}

describe('source files', () => {
  it('cite only repository paths that exist', () => {
    const tree = treePaths();
    const sources = [...tree].filter(
      (p) => /^(main|shared|renderer|models)\//.test(p) && /\.(ts|js|mjs|svelte)$/.test(p),
    );
    const stale = sources.flatMap((file) =>
      sourceCitations(readFileSync(path.join(repoRoot, file), 'utf8'))
        .filter((cited) => !tree.has(cited))
        .map((cited) => `${file} cites ${cited}`),
    );
    expect(sources.length).toBeGreaterThan(300);
    expect(stale).toEqual([]);
  });
});

describe('the path checks', () => {
  it('tell a path that exists from one that does not', () => {
    const tree = new Set(['main/', 'main/app/', 'main/app/router.ts', 'main/runs/runSettings.ts']);
    expect(missing('main/app/router.ts', tree)).toBeNull();
    expect(missing('main/app/', tree)).toBeNull();
    expect(missing('main/server/router.ts', tree)).toBe('main/server/router.ts: no such path');
    expect(missing('runSettings.ts', tree)).toBeNull();
    expect(missing('runs/runSettings.ts', tree)).toBeNull();
    expect(missing('unSettings.ts', tree)).toMatch(/no file or folder/);
    expect(
      citedPaths('`main/a.ts`, `b.svelte`, `dir/`, `layers/one-way-down`, `/health`, `scores:get`'),
    ).toEqual(['main/a.ts', 'b.svelte', 'dir/']);
    expect(
      sourceCitations('// see main/app/router.ts, test/unit/x/y.test.ts and ../main/z.ts'),
    ).toEqual(['main/app/router.ts', 'test/unit/x/y.test.ts']);
    expect(
      tourSteps('1. `main/a.ts` — reads\n2. reads `main/b.ts`\ntext').map((s) => s.file),
    ).toEqual(['main/a.ts', null]);
  });
});
