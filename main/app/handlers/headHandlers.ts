import type { Handlers } from '../../../shared/ipc/contract.ts';
import { deleteHead, listHeads } from '../../project/heads.ts';
import { headRederivation } from '../headRederivation.ts';
import { headView } from '../headView.ts';
import type { HandlerScope } from './handlerScope.ts';

/**
 * heads:*: the project's heads (issue 26, item 6). Training learns the current annotator's
 * reviewed videos on a thread of its own (HeadTrainer); applying a head runs it over the
 * unreviewed videos as one of the app's model runs (its progress and end are analysis events).
 */
export const headHandlers = (s: HandlerScope) =>
  ({
    'heads:list': () => listHeads(s.db()).map(headView),
    'heads:train': async ({ name }) => {
      const { head } = await s.trainer.train(s.db(), {
        annotatorId: s.me(),
        ...(name === undefined ? {} : { name }),
      });
      s.ctx.onChanged(null);
      return headView(head);
    },
    'heads:cancelTraining': () => ({ cancelled: s.trainer.cancel() }),
    'heads:apply': async ({ name }) => {
      const db = s.db();
      const { request, notes } = await headRederivation(db, name, {
        device: s.ctx.device,
        threads: s.ctx.threads,
      });
      return { status: await s.ctx.analysis.start(db, request), notes };
    },
    'heads:delete': ({ name }) => {
      deleteHead(s.db(), name);
      s.ctx.onChanged(null);
      return listHeads(s.db()).map(headView);
    },
  }) satisfies Partial<Handlers>;
