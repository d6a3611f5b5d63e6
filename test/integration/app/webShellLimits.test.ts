import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisRunner } from '../../../main/app/analysisRunner.ts';
import { AppSession } from '../../../main/app/appSession.ts';
import { createHandlers, type HandlerContext } from '../../../main/app/handlers.ts';
import { createRouter, type Router } from '../../../main/app/router.ts';
import { ForkedAnalysisHost } from '../../../main/host/forkedHost.ts';
import type { Result } from '../../../shared/result.ts';

/**
 * What a token holder can do through the web shell: no program to run can be set, and files
 * are written only under the folders the shell was started with (the project's by default, as
 * server/webApp.ts sets it). The desktop app writes where its user picked.
 */
const root = mkdtempSync(path.join(tmpdir(), 'actionline-web-limits-'));
const projectDir = path.join(root, 'project');
const outside = path.join(root, 'outside');
const host = new ForkedAnalysisHost();
const sessions: AppSession[] = [];

/** As the shells start: the web shell with its project open (server/webApp.ts does). */
function appRouter(shell: 'web' | 'electron', extra: Partial<HandlerContext> = {}): Router {
  const session = new AppSession('alice');
  sessions.push(session);
  session.open(path.join(projectDir, `${shell}-${sessions.length}.actionline`), true);
  return createRouter(
    createHandlers({
      session,
      analysis: new AnalysisRunner(host, { progress() {}, status() {} }),
      shell,
      mediaUrlOf: (id) => `/media/${id}`,
      device: 'cpu',
      threads: 1,
      onChanged: () => {},
      ...(shell === 'web' && { writeRoots: () => [path.dirname(session.project.file)] }),
      ...extra,
    }),
  );
}

async function call(router: Router, channel: string, request: unknown) {
  return (await router.handle(channel, request)) as Result<unknown>;
}

beforeAll(() => {
  // Settings of the test's own: the desktop case writes one.
  process.env.ACTIONLINE_CONFIG_DIR = path.join(root, 'config');
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(outside, { recursive: true });
  symlinkSync(outside, path.join(projectDir, 'link-out'));
});
afterAll(async () => {
  for (const s of sessions) s.close();
  await host.close();
  rmSync(root, { recursive: true, force: true });
});

describe('the web shell', () => {
  it('sets no program to run, over any request', async () => {
    const router = appRouter('web');
    await call(router, 'project:open', {
      file: path.join(projectDir, 'p.actionline'),
      create: true,
    });
    const set = await call(router, 'settings:update', { ffmpegPath: '/bin/true' });
    expect(set).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    const pick = await call(router, 'settings:pickExecutable', { tool: 'ffmpeg' });
    expect(pick).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/desktop app or set as ffmpegPath/) },
    });
  });

  it('writes exports, copies and new projects only under the project folder', async () => {
    const router = appRouter('web');
    await call(router, 'project:open', {
      file: path.join(projectDir, 'w.actionline'),
      create: true,
    });
    const inside = await call(router, 'export:write', {
      format: 'csv',
      file: path.join(projectDir, 'out.csv'),
    });
    expect(inside, JSON.stringify(inside)).toMatchObject({ ok: true });
    for (const [channel, request] of [
      ['export:write', { format: 'csv', file: path.join(outside, 'out.csv') }],
      ['export:write', { format: 'csv', file: path.join(projectDir, 'link-out', 'out.csv') }],
      ['project:saveCopy', { file: path.join(outside, 'copy.actionline') }],
      ['project:open', { file: path.join(outside, 'new.actionline'), create: true }],
    ] as const) {
      const r = await call(router, channel, request);
      expect(r, `${channel} ${JSON.stringify(request)}`).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/the web shell writes only under/) },
      });
    }
    expect(existsSync(path.join(outside, 'out.csv'))).toBe(false);
    expect(existsSync(path.join(outside, 'copy.actionline'))).toBe(false);
    expect(existsSync(path.join(outside, 'new.actionline'))).toBe(false);
  });
});

describe('the desktop app', () => {
  it('writes where its user picked, and sets a program from its native dialog', async () => {
    const router = appRouter('electron', { pickExecutable: async () => '/bin/true' });
    await call(router, 'project:open', {
      file: path.join(projectDir, 'd.actionline'),
      create: true,
    });
    const out = await call(router, 'export:write', {
      format: 'csv',
      file: path.join(outside, 'd.csv'),
    });
    expect(out.ok).toBe(true);
    const picked = (await call(router, 'settings:pickExecutable', { tool: 'ffprobe' })) as Result<{
      ffprobePath: string | null;
    }>;
    expect(picked).toMatchObject({ ok: true, value: { ffprobePath: '/bin/true' } });
    await call(router, 'settings:update', { ffprobePath: null });
  });
});
