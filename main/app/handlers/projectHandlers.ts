import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import { setCoOccurringClasses } from '../../project/projectSettings.ts';
import { appInfo } from '../appInfo.ts';
import type { HandlerScope } from './handlerScope.ts';

/** app:* and project:*: which project is open, as whom, and copies of it. */
export const projectHandlers = ({ ctx, session }: HandlerScope) =>
  ({
    'app:info': () => appInfo(ctx.shell),
    'project:open': ({ file, create }) => session.open(path.resolve(file), create),
    'project:info': () => (session.hasProject ? session.info() : null),
    'project:setAnnotator': ({ name }) => session.setAnnotator(name),
    'project:setCoOccurring': ({ on }) => {
      setCoOccurringClasses(session.project.db, on);
      return session.info();
    },
    'project:saveCopy': ({ file }) => {
      session.project.saveCopy(path.resolve(file));
      return { file: path.resolve(file) };
    },
  }) satisfies Partial<Handlers>;
