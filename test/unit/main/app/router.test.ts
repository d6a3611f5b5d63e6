import { describe, expect, it } from 'vitest';
import type { Handlers } from '../../../../shared/ipc/contract.ts';
import type { RequestContext } from '../../../../shared/ipc/defineContract.ts';
import { ActionlineError } from '../../../../main/base/errors.ts';
import { createRouter } from '../../../../main/app/router.ts';

const scores = {
  classCount: 2,
  kind: 'logits' as const,
  labels: ['walk', 'run'],
  snippetCenterSec: new Float64Array([0.5, 1.5]),
  scores: new Float32Array([0.9, 0.1, 0.2, 0.8]),
};

const handlers: Partial<Handlers> = {
  'app:info': () => ({ version: '1.2.3', platform: 'linux', shell: 'web' }),
  'scores:get': async ({ videoId, runId }) => {
    if (videoId === 'missing')
      throw new ActionlineError('FILE_NOT_FOUND', 'no such video', 'x.mp4');
    if (runId === 99) throw new Error('disk on fire');
    return scores;
  },
};

describe('createRouter', () => {
  const router = createRouter(handlers);

  it('validates, calls the handler and wraps its answer', async () => {
    expect(await router.handle('scores:get', { videoId: 'v1', runId: 3 })).toEqual({
      ok: true,
      value: scores,
    });
    expect(await router.handle('app:info', {})).toMatchObject({
      ok: true,
      value: { shell: 'web' },
    });
  });

  it('answers BAD_ARGUMENT naming the channel and the field for a bad payload', async () => {
    const result = await router.handle('scores:get', { videoId: 'v1', runId: 'three' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^scores:get: bad request: runId: /);
  });

  it('names every bad field, unknown keys and a missing payload', async () => {
    const both = await router.handle('scores:get', { videoId: '', runId: -1, extra: 1 });
    expect(both.ok || both.error.message).toMatch(/videoId: .*runId: /);
    expect(both.ok || both.error.message).toMatch(/; extra: unknown field$/);
    const none = await router.handle('scores:get', undefined);
    expect(none.ok || none.error.message).toMatch(/^scores:get: bad request: \(request\): /);
  });

  it('refuses channels the contract does not have, including prototype names', async () => {
    for (const channel of ['nope:nothing', 'toString', '__proto__']) {
      expect(await router.handle(channel, {})).toEqual({
        ok: false,
        error: { code: 'BAD_ARGUMENT', message: `unknown channel '${channel}'` },
      });
    }
  });

  it('keeps the code of an ActionlineError and turns other exceptions into INTERNAL', async () => {
    expect(await router.handle('scores:get', { videoId: 'missing', runId: 1 })).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'x.mp4: no such video', file: 'x.mp4' },
    });
    expect(await router.handle('scores:get', { videoId: 'v', runId: 99 })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'disk on fire' },
    });
  });

  it("hands the carrier's signal and progress to the handler", async () => {
    let seen: RequestContext | undefined;
    const withContext = createRouter({
      'app:info': (_, context) => {
        seen = context;
        return { version: '1', platform: 'linux', shell: 'web' };
      },
    });
    const controller = new AbortController();
    const progress = () => {};
    await withContext.handle('app:info', {}, { signal: controller.signal, progress });
    expect(seen?.signal).toBe(controller.signal);
    expect(seen?.progress).toBe(progress);
  });

  it('gives a call without a context (the desktop shell) a signal that never aborts', async () => {
    let seen: RequestContext | undefined;
    const withContext = createRouter({
      'app:info': (_, context) => {
        seen = context;
        // No contract request reports progress yet; the no-op must take any event.
        (context as unknown as RequestContext<{ step: number }>).progress('step', 1);
        return { version: '1', platform: 'linux', shell: 'electron' };
      },
    });
    expect((await withContext.handle('app:info', {})).ok).toBe(true);
    expect(seen?.signal).toBeInstanceOf(AbortSignal);
    expect(seen?.signal.aborted).toBe(false);
  });
});
