import type { Handlers } from '../../../shared/ipc/contract.ts';
import { recordReviewActivity } from '../../project/reviewActivity.ts';
import type { HandlerScope } from './handlerScope.ts';

/** review:*: the editor's measured review time and actions, per video and annotator. */
export const reviewHandlers = (s: HandlerScope) =>
  ({
    'review:record': ({ videoId, activeMs, actions }) => {
      const total = recordReviewActivity(s.db(), s.me(), videoId, { activeMs, actions });
      return { activeSec: total.activeMs / 1000, actions: total.actions };
    },
  }) satisfies Partial<Handlers>;
