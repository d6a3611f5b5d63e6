import type { Handlers } from '../../../shared/ipc/contract.ts';
import type { HandlerScope } from './handlerScope.ts';

/** queue:*: sending videos to a distributed queue, watching it, pulling results in. */
export const queueHandlers = (s: HandlerScope) =>
  ({
    'queue:send': ({ redisUrl, queueName, ...req }) =>
      s.queue.send(s.db(), { redisUrl, queueName }, req),
    'queue:status': (target) => s.queue.status(target),
    'queue:collect': async ({ redisUrl, queueName, ...req }) => {
      const result = await s.queue.collect(s.db(), { redisUrl, queueName }, req);
      s.ctx.onChanged(null);
      return result;
    },
  }) satisfies Partial<Handlers>;
