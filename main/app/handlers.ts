import type { Handlers } from '../../shared/ipc/contract.ts';
import { ActionlineError } from '../base/errors.ts';
import { exportHandlers } from './handlers/exportHandlers.ts';
import { handlerScope, type HandlerContext, type HandlerScope } from './handlers/handlerScope.ts';
import { headHandlers } from './handlers/headHandlers.ts';
import { importHandlers } from './handlers/importHandlers.ts';
import { labelHandlers } from './handlers/labelHandlers.ts';
import { modelHandlers } from './handlers/modelHandlers.ts';
import { projectHandlers } from './handlers/projectHandlers.ts';
import { queueHandlers } from './handlers/queueHandlers.ts';
import { reviewHandlers } from './handlers/reviewHandlers.ts';
import { runHandlers } from './handlers/runHandlers.ts';
import { segmentHandlers } from './handlers/segmentHandlers.ts';
import { settingsHandlers } from './handlers/settingsHandlers.ts';
import { videoHandlers } from './handlers/videoHandlers.ts';

export type { HandlerContext };

/**
 * Every request of the contract, one handler module per contract domain, registered from
 * this one list. Handlers throw ActionlineError for the user's mistakes; the router
 * (router.ts, the one validating gateway) turns throws into error envelopes.
 */
export const HANDLER_MODULES = [
  projectHandlers,
  videoHandlers,
  segmentHandlers,
  reviewHandlers,
  labelHandlers,
  modelHandlers,
  runHandlers,
  headHandlers,
  queueHandlers,
  settingsHandlers,
  exportHandlers,
  importHandlers,
] as const;

// A channel of the contract that no module handles fails the type check here.
type ChannelsOf<T> = T extends unknown ? keyof T : never;
type Unhandled = Exclude<keyof Handlers, ChannelsOf<ReturnType<(typeof HANDLER_MODULES)[number]>>>;
const everyChannelHandled: [Unhandled] extends [never] ? true : Unhandled = true;
void everyChannelHandled;

export function createHandlers(ctx: HandlerContext): Handlers {
  return registerHandlers(handlerScope(ctx), HANDLER_MODULES) as Handlers;
}

/** The modules' handlers as one table; a channel two modules both handle is refused. */
export function registerHandlers(
  scope: HandlerScope,
  modules: readonly ((s: HandlerScope) => Partial<Handlers>)[],
): Partial<Handlers> {
  const table: Record<string, unknown> = {};
  for (const make of modules) {
    for (const [channel, handler] of Object.entries(make(scope))) {
      if (channel in table) {
        throw new ActionlineError('INTERNAL', `two handler modules handle "${channel}"`);
      }
      table[channel] = handler;
    }
  }
  return table as Partial<Handlers>;
}
