import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import type { RequestContext } from '../../../shared/ipc/defineContract.ts';
import { ActionlineError } from '../../../main/base/errors.ts';
import { startWebServer, type WebServer } from '../../../main/server/webServer.ts';

/**
 * A real web server on 127.0.0.1 (port 0) over a temp folder: a small built renderer, a
 * secret file beside it (which must never be served), and four "videos" whose bytes are
 * their own offsets modulo 251, so any range can be checked byte for byte.
 */
export const MEDIA_SIZE_BYTES = 1000;

export const testScores = {
  classCount: 3,
  kind: 'logits' as const,
  labels: ['walk', 'run', 'jump'],
  snippetCenterSec: new Float64Array([0.5, 1.5, 2.5, 1e-9]),
  scores: new Float32Array([0.1, 0.2, 0.7, NaN, 0, 1, -0, Infinity, 3.4e38, 1e-45, 0.5, 0.25]),
};

export function mediaBytes(): Buffer {
  return Buffer.from(Array.from({ length: MEDIA_SIZE_BYTES }, (_, i) => i % 251));
}

/** How many `wait` requests have started, and how many saw their signal abort. */
export const waits = { started: 0, aborted: 0 };

export const testHandlers: Partial<Handlers> = {
  'app:info': () => ({ version: '0.0.0-test', platform: process.platform, shell: 'web' }),
  'scores:get': async ({ videoId, runId }, context) => {
    // `wait` runs until cancelled, as a long request that honours its signal does.
    if (videoId === 'wait') {
      waits.started++;
      const { signal } = context;
      if (!signal.aborted)
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
      waits.aborted++;
      throw new ActionlineError('CANCELLED', 'scores:get cancelled');
    }
    // `steps` reports runId progress events before it answers. No contract request
    // declares progress yet, so the test names its own event.
    if (videoId === 'steps') {
      const report = context as unknown as RequestContext<{ step: number }>;
      for (let step = 1; step <= runId; step++) report.progress('step', step);
      return testScores;
    }
    if (videoId === 'gone')
      throw new ActionlineError('FILE_NOT_FOUND', 'video is gone', 'gone.mp4');
    if (videoId === 'boom') throw new Error('handler exploded');
    return testScores;
  },
};

export interface Fixture {
  server: WebServer;
  dir: string;
  /** The `Cookie` header a browser sends after opening the printed URL. */
  cookie: string;
  /** Every videoId the resolver was asked about, in order. */
  resolved: string[];
  close(): Promise<void>;
}

export async function startFixture(opts: { withRenderer?: boolean } = {}): Promise<Fixture> {
  const dir = await mkdtemp(path.join(tmpdir(), 'actionline-server-'));
  const rendererDir = path.join(dir, 'renderer');
  if (opts.withRenderer !== false) {
    await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
    await writeFile(
      path.join(rendererDir, 'index.html'),
      '<!doctype html><title>Actionline</title>',
    );
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
    await writeFile(path.join(dir, 'secret.txt'), 'do not serve');
    await symlink(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.js'));
  }
  const videos: Record<string, string> = {};
  for (const ext of ['mp4', 'webm', 'mkv', 'mov']) {
    videos[`clip ${ext}`] = path.join(dir, `clip.${ext}`);
    await writeFile(videos[`clip ${ext}`]!, mediaBytes());
  }
  videos['not-there'] = path.join(dir, 'missing.mp4');
  const resolved: string[] = [];
  const server = await startWebServer({
    port: 0,
    rendererDir,
    handlers: testHandlers,
    resolveMedia: async (videoId) => {
      resolved.push(videoId);
      return Object.hasOwn(videos, videoId) ? videos[videoId] : undefined;
    },
  });
  return {
    server,
    dir,
    cookie: `actionline-${server.port}=${server.token}`,
    resolved,
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
