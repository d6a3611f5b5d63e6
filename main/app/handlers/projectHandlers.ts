import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import { setCoOccurringClasses } from '../../project/projectSettings.ts';
import { appInfo } from '../appInfo.ts';
import { checkWritable } from '../writeRoots.ts';
import type { HandlerScope } from './handlerScope.ts';

/** app:* and project:*: which project is open, as whom, and copies of it. */
export const projectHandlers = ({ ctx, session, trainer }: HandlerScope) =>
  ({
    'app:info': () => appInfo(ctx.shell),
    // A run or a training writing into the open project ends before its database is closed.
    'project:open': async ({ file, create }) => {
      const target = create ? checkWritable(file, ctx.writeRoots ?? null) : path.resolve(file);
      await Promise.all([ctx.analysis.stop(), trainer.stop()]);
      return session.open(target, create);
    },
    'project:info': () => (session.hasProject ? session.info() : null),
    'project:setAnnotator': ({ name }) => session.setAnnotator(name),
    'project:setCoOccurring': ({ on }) => {
      setCoOccurringClasses(session.project.db, on);
      return session.info();
    },
    'project:saveCopy': ({ file }) => {
      const target = checkWritable(file, ctx.writeRoots ?? null);
      session.project.saveCopy(target);
      return { file: target };
    },
  }) satisfies Partial<Handlers>;
