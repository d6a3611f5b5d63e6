import { AnalysisRunner, type AnalysisListener } from '../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../main/app/appSession.ts';
import { createHandlers } from '../../../main/app/handlers.ts';
import { ForkedAnalysisHost } from '../../../main/inference/host/forkedHost.ts';
import { createRouter, type Router } from '../../../main/server/router.ts';

/**
 * The app's request side as a test drives it: a session, the real analysis worker (one
 * inference thread, CPU) and the one router, without a window or a server.
 */
export interface AppRouter {
  router: Router;
  session: AppSession;
  close(): Promise<void>;
}

export function appRouter(
  annotator = 'tester',
  listener: AnalysisListener = { progress: () => {}, status: () => {} },
): AppRouter {
  const host = new ForkedAnalysisHost();
  const session = new AppSession(annotator);
  const router = createRouter(
    createHandlers({
      session,
      analysis: new AnalysisRunner(host, listener),
      shell: 'web',
      mediaUrlOf: (id) => `/media/${id}`,
      device: 'cpu',
      threads: 1,
      onChanged: () => {},
    }),
  );
  return {
    router,
    session,
    async close() {
      session.close();
      await host.close();
    },
  };
}
