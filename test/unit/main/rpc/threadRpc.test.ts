import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeRpcClient } from '../../../../main/rpc/nodeRpc.ts';
import { workerTransport } from '../../../../main/rpc/threadTransports.ts';
import type { TestMethods } from '../../../fixtures/rpcTestThread.ts';

/**
 * The typed RPC (shared/rpc) between real threads, through the worker_threads transports
 * the engine uses: ids, error envelopes, progress, cancellation, transfers handed back, and
 * every pending request settled when the other side goes away.
 */
const threads: Worker[] = [];

function start(opts: { oneAtATime?: boolean } = {}) {
  const thread = new Worker(new URL('../../../fixtures/rpcTestThread.ts', import.meta.url), {
    env: { ...process.env, RPC_TEST_ONE_AT_A_TIME: opts.oneAtATime ? '1' : '0' },
  });
  threads.push(thread);
  const rpc = nodeRpcClient<TestMethods>(
    workerTransport(thread, (why) => ({
      code: 'INTERNAL',
      message: 'error' in why ? `thread failed: ${why.error.message}` : `exit ${why.exitCode}`,
    })),
  );
  return { thread, rpc };
}

afterEach(async () => {
  await Promise.all(threads.splice(0).map((t) => t.terminate()));
});

describe('the RPC over worker threads', () => {
  it('matches answers to requests by id when they come back out of order', async () => {
    const { rpc } = start();
    const slow = rpc.call('echo', { text: 'slow', delayMs: 80 });
    const fast = rpc.call('echo', { text: 'fast', delayMs: 0 });
    const order: string[] = [];
    await Promise.all([slow, fast].map((p) => p.then((r) => order.push(r.text))));
    expect(order).toEqual(['fast', 'slow']);
  });

  it('carries errors as the envelope: code, message and file survive, call rejects with them', async () => {
    const { rpc } = start();
    expect(await rpc.request('fail', { file: '/v/a.mp4' })).toEqual({
      ok: false,
      error: { code: 'BAD_VIDEO', message: '/v/a.mp4: no frames', file: '/v/a.mp4' },
    });
    await expect(rpc.call('fail', { file: '/v/a.mp4' })).rejects.toMatchObject({
      name: 'ActionlineError',
      code: 'BAD_VIDEO',
      message: '/v/a.mp4: no frames',
      file: '/v/a.mp4',
    });
    const unknown = await rpc.request('nope' as 'echo', { text: '', delayMs: 0 });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
  });

  it('delivers a request’s progress before its answer', async () => {
    const { rpc } = start();
    const steps: number[] = [];
    const sum = await rpc.call('count', { steps: 4 }, { progress: { step: (s) => steps.push(s) } });
    expect(steps).toEqual([1, 2, 3, 4]);
    expect(sum).toBe(10);
  });

  it('an aborted signal cancels the handler; the answer is CANCELLED', async () => {
    const { rpc } = start();
    const controller = new AbortController();
    const waiting = rpc.request('wait', null, { signal: controller.signal });
    await rpc.call('echo', { text: 'ready', delayMs: 20 }); // the wait has started
    controller.abort();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    // Already aborted: answered here, nothing is sent.
    expect(await rpc.request('wait', null, { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' },
    });
  });

  it('one at a time: a request cancelled before its turn answers at once and never runs', async () => {
    const { rpc } = start({ oneAtATime: true });
    const running = new AbortController();
    const first = rpc.request('wait', null, { signal: running.signal });
    const queued = new AbortController();
    const second = rpc.request('echo', { text: 'never', delayMs: 0 }, { signal: queued.signal });
    queued.abort();
    expect(await second).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    running.abort();
    expect(await first).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  });

  it('moves a transferred buffer there and back without a copy', async () => {
    const { rpc } = start();
    const values = Float32Array.from([1, 2, 3]);
    const pending = rpc.call('double', { values }, { transfer: [values.buffer] });
    expect(values.byteLength).toBe(0); // detached here while the thread has it
    const back = await pending;
    expect(Array.from(back.values)).toEqual([2, 4, 6]);
    expect(back.values.buffer.byteLength).toBe(12);
  });

  it('settles every pending and later request when the thread exits', async () => {
    const { rpc } = start();
    const waiting = rpc.request('wait', null);
    const exiting = rpc.request('exit', { code: 3 });
    for (const r of await Promise.all([waiting, exiting])) {
      expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'exit 3' } });
    }
    expect(await rpc.closed).toEqual({ code: 'INTERNAL', message: 'exit 3' });
    expect(rpc.isOpen).toBe(false);
    expect(await rpc.request('echo', { text: 'x', delayMs: 0 })).toMatchObject({
      ok: false,
      error: { message: 'exit 3' },
    });
  });

  it('settles pending requests with the close reason when this side closes', async () => {
    const { rpc } = start();
    const waiting = rpc.request('wait', null);
    rpc.close({ code: 'CANCELLED', message: 'shutting down' });
    expect(await waiting).toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'shutting down' },
    });
  });
});
