import { createAppCore } from '../../../main/app/appCore.ts';
import type { AppSession } from '../../../main/app/appSession.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';

/**
 * The app's request side as a test drives it: the app core (real analysis worker, one
 * inference thread, CPU) behind the one router, without a window or a server.
 */
export interface AppRouter {
  router: Router;
  session: AppSession;
  close(): Promise<void>;
}

export function appRouter(annotator = 'tester'): AppRouter {
  const core = createAppCore({
    shell: 'web',
    mediaUrlOf: (id) => `/media/${id}`,
    device: 'cpu',
    threads: 1,
    annotator,
    emit: () => {},
  });
  return { router: createRouter(core.handlers), session: core.session, close: () => core.close() };
}
