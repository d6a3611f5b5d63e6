import type { z } from 'zod';
import { contract, type Handlers } from '../../shared/ipc/contract.ts';
import type {
  ProgressEvents,
  RequestContext,
  RequestSpec,
} from '../../shared/ipc/defineContract.ts';
import { fail, ok, type ErrorInfo, type Result } from '../../shared/result.ts';
import { toErrorInfo } from '../base/errors.ts';

/**
 * The one gateway every request passes, whatever carried it (the web shell's WebSocket,
 * the desktop shell's ipcMain.handle): find the channel, validate the payload with the
 * contract's schema, call the handler, and turn whatever it throws into an error envelope.
 * It never throws. The carrier's context (the RPC's cancel signal and progress, on the web
 * shell) goes to the handler; without one the signal never aborts and progress goes nowhere.
 */
export interface Router {
  handle(channel: string, request: unknown, context?: RouteContext): Promise<Result<unknown>>;
}

export type RouteContext = RequestContext<ProgressEvents>;

type AnyHandler = (request: unknown, context: RouteContext) => unknown;

/** For a carrier that can neither cancel nor carry progress. */
function silentContext(): RouteContext {
  return { signal: new AbortController().signal, progress: () => {} };
}

/** The answer to a channel the contract or the handlers lack, on every carrier. */
function unknownChannel(channel: string): ErrorInfo {
  return { code: 'BAD_ARGUMENT', message: `unknown channel '${channel}'` };
}

function where(path: PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(request)';
}

/** `runId: Invalid input: expected number, received string; extra: unknown field` */
function describeIssues(issues: z.ZodError['issues']): string {
  return issues
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => `${where([...issue.path, key])}: unknown field`)
        : [`${where(issue.path)}: ${issue.message}`],
    )
    .join('; ');
}

/**
 * `handlers` is the whole contract in the app (main/app/handlers.ts is typed as Handlers);
 * tests pass the few channels they exercise, and the rest answer "unknown channel".
 */
export function createRouter(handlers: Partial<Handlers>): Router {
  const specs: Record<string, RequestSpec<z.ZodType, unknown, ProgressEvents>> = contract.requests;
  return {
    async handle(channel, request, context = silentContext()) {
      if (!Object.hasOwn(specs, channel) || !Object.hasOwn(handlers, channel)) {
        return fail(unknownChannel(channel));
      }
      const parsed = specs[channel]!.schema.safeParse(request);
      if (!parsed.success) {
        return fail({
          code: 'BAD_ARGUMENT',
          message: `${channel}: bad request: ${describeIssues(parsed.error.issues)}`,
        });
      }
      try {
        const handler = (handlers as Record<string, AnyHandler>)[channel]!;
        return ok(await handler(parsed.data, context));
      } catch (err) {
        return fail(toErrorInfo(err));
      }
    },
  };
}
