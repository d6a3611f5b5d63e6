import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import { ActionlineError } from '../../base/errors.ts';
import { exportFormatList, isExportFormat } from '../../formats/export/exportFormatInfo.ts';
import { companionFiles, exportText, writeExport } from '../../formats/export/exportProject.ts';
import { checkWritable } from '../writeRoots.ts';
import type { HandlerScope } from './handlerScope.ts';

/** export:*: the project in the field's formats, written atomically. */
export const exportHandlers = (s: HandlerScope) =>
  ({
    'export:formats': () => exportFormatList(),
    'export:write': async ({ file, format, ...request }) => {
      if (!isExportFormat(format)) {
        const names = exportFormatList().map((f) => f.name);
        throw new ActionlineError(
          'BAD_ARGUMENT',
          `export format "${format}" is not one of ${names.join(', ')}`,
        );
      }
      const out = checkWritable(file, s.ctx.writeRoots ?? null);
      if (out === path.resolve(s.session.project.file)) {
        throw new ActionlineError('BAD_ARGUMENT', `${out}: that is the project file itself`, out);
      }
      const result = exportText(s.db(), { ...request, format });
      // Beside the file (Label Studio's labelling config), or in the folder a folder format
      // writes (which may be a link leading elsewhere): under the same rules as the file.
      const inFolder = (result.files ?? []).map((f) => path.join(out, f.name));
      for (const file of [...companionFiles(result, out), ...inFolder]) {
        if (
          checkWritable(file, s.ctx.writeRoots ?? null) === path.resolve(s.session.project.file)
        ) {
          throw new ActionlineError(
            'BAD_ARGUMENT',
            `${file}: that is the project file itself`,
            file,
          );
        }
      }
      await writeExport(result, out);
      // The contract's outcome has one list of lines for the user: the notes (which run each
      // video's predictions came from) go first in it.
      return { file: out, notes: result.notes ?? [], warnings: result.warnings };
    },
  }) satisfies Partial<Handlers>;
