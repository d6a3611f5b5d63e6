import { existsSync } from 'node:fs';
import { ActionlineError } from '../../base/errors.ts';
import { Project } from '../../project/project.ts';

/**
 * A project the command works on, which must exist: a project is made by `add` (or the app),
 * so a typo in its name must not create an empty one.
 */
export function openExistingProject(projectFile: string): Project {
  if (!existsSync(projectFile)) {
    throw new ActionlineError(
      'BAD_ARGUMENT',
      `no project file ${projectFile}: \`actionline add ${projectFile} <videos…>\` makes one`,
    );
  }
  return Project.open(projectFile);
}
