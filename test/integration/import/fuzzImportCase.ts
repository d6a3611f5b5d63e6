import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ActionlineError } from '../../../main/base/errors.ts';
import { type FileImportOptions, importFile } from '../../../main/formats/import/importFile.ts';
import type { Project } from '../../../main/project/project.ts';
import { quickDigest } from './importFixtures.ts';

/**
 * One case of an import fuzz test, the rule every format's import keeps: the mutated file
 * (or folder) imports, or it is refused with one line that names it — never INTERNAL, never a
 * stack — and the project is exactly as it was.
 */
export async function fuzzImportCase(
  project: Project,
  target: string,
  options: FileImportOptions,
  context: string,
): Promise<'imported' | 'refused'> {
  const before = quickDigest(project.db);
  try {
    await importFile(project, target, options);
    return 'imported';
  } catch (err) {
    expect(err, context).toBeInstanceOf(ActionlineError);
    const error = err as ActionlineError;
    expect(error.code, `${context}: ${error.message}`).not.toBe('INTERNAL');
    expect(error.message, context).toContain(target);
    expect(error.message, context).not.toMatch(/[\n\r]/);
    expect(error.message, context).not.toContain('    at ');
    expect(quickDigest(project.db), context).toBe(before);
    return 'refused';
  }
}

/**
 * A format's fuzz loop: `cases` mutated files, each written to `file` and imported into
 * `project` under the rule above, every other one with `--format` named (the rest detected
 * from the file); how many imported and how many were refused.
 */
export async function fuzzImports(
  project: Project,
  file: string,
  format: NonNullable<FileImportOptions['format']>,
  cases: number,
  mutate: () => { bytes: string | Uint8Array; what: string },
): Promise<{ imported: number; refused: number }> {
  const outcomes = { imported: 0, refused: 0 };
  for (let i = 0; i < cases; i++) {
    const mutation = mutate();
    writeFileSync(file, mutation.bytes);
    const options = i % 2 === 0 ? {} : { format };
    outcomes[await fuzzImportCase(project, file, options, `case ${i} (${mutation.what})`)]++;
  }
  return outcomes;
}
