import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisProgress, Handlers } from '../../../../shared/ipc/contract.ts';
import type { InvokeOptions, RequestContext } from '../../../../shared/ipc/defineContract.ts';
import { createWsClient, webSocketUrl, type WsClient } from '../../../../shared/ipc/wsClient.ts';
import { startWebServer, type WebServer } from '../../../../main/server/webServer.ts';

/**
 * The renderer's client against the real server, through Node 24's global WebSocket (the
 * browser API). Node sends no Origin or cookie by itself, so the test adds what a browser
 * page would send.
 */
const scores = {
  classCount: 2,
  kind: 'logits' as const,
  labels: ['a', 'b'],
  snippetCenterSec: new Float64Array([0.25, 0.75, 1.25]),
  scores: new Float32Array([0.5, 0.5, NaN, 1, 0.125, -3]),
};

let releaseSlow: () => void = () => {};
let waitStarted: () => void = () => {};
const aborted: string[] = [];
const handlers: Partial<Handlers> = {
  'app:info': () => ({ version: '9.9.9', platform: 'test', shell: 'web' }),
  'scores:get': async ({ videoId, runId }, context) => {
    if (videoId === 'slow') await new Promise<void>((resolve) => (releaseSlow = resolve));
    if (videoId === 'wait') {
      waitStarted();
      await new Promise((resolve) => context.signal.addEventListener('abort', resolve));
      aborted.push(videoId);
      throw Object.assign(new Error('stopped'), { name: 'AbortError' });
    }
    // No contract request declares progress yet: the test names its own event.
    if (videoId === 'steps') {
      const report = context as unknown as RequestContext<{ step: { done: number } }>;
      for (let done = 1; done <= runId; done++) report.progress('step', { done });
    }
    if (videoId === 'bad') throw new Error('no scores for bad');
    return scores;
  },
};

let server: WebServer;

function connect(): WsClient {
  const origin = `http://127.0.0.1:${server.port}`;
  const socket = new WebSocket(
    webSocketUrl({ protocol: 'http:', host: `127.0.0.1:${server.port}` }),
    {
      headers: { origin, cookie: `actionline-${server.port}=${server.token}` },
    },
  );
  return createWsClient(socket);
}

beforeAll(async () => {
  server = await startWebServer({
    port: 0,
    rendererDir: '/nonexistent',
    handlers,
    resolveMedia: () => undefined,
  });
});
afterAll(() => server.close());

describe('wsClient', () => {
  it('builds the /ws address from the page location', () => {
    expect(webSocketUrl({ protocol: 'http:', host: '127.0.0.1:8123' })).toBe(
      'ws://127.0.0.1:8123/ws',
    );
    expect(webSocketUrl({ protocol: 'https:', host: 'x:1' })).toBe('wss://x:1/ws');
  });

  it('resolves a request (sent while still connecting) with typed arrays intact', async () => {
    const client = connect();
    const result = await client.invoke('scores:get', { videoId: 'v', runId: 1 });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.scores).toBeInstanceOf(Float32Array);
    expect(result.value.snippetCenterSec).toBeInstanceOf(Float64Array);
    expect(Array.from(result.value.scores)).toEqual(Array.from(scores.scores));
    expect(Array.from(result.value.snippetCenterSec)).toEqual([0.25, 0.75, 1.25]);
    expect(result.value.labels).toEqual(['a', 'b']);
    client.close();
    await client.closed;
  });

  it('resolves error envelopes instead of rejecting', async () => {
    const client = connect();
    expect(await client.invoke('scores:get', { videoId: 'bad', runId: 1 })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'no scores for bad' },
    });
    const badArg = await client.invoke('scores:get', { videoId: 'v', runId: -1 });
    expect(badArg.ok || badArg.error).toMatchObject({ code: 'BAD_ARGUMENT' });
    expect(badArg.ok || badArg.error.message).toContain('runId');
    client.close();
    await client.closed;
  });

  it('matches answers to requests by id when they come back out of order', async () => {
    const client = connect();
    const slow = client.invoke('scores:get', { videoId: 'slow', runId: 1 });
    const info = await client.invoke('app:info', {});
    expect(info).toEqual({ ok: true, value: { version: '9.9.9', platform: 'test', shell: 'web' } });
    releaseSlow();
    expect((await slow).ok).toBe(true);
    client.close();
    await client.closed;
  });

  it('dispatches events to listeners until they unsubscribe', async () => {
    const client = connect();
    await client.invoke('app:info', {}); // connected and registered on the server
    const seen: AnalysisProgress[] = [];
    let gotTwo: () => void = () => {};
    const twoArrived = new Promise<void>((resolve) => (gotTwo = resolve));
    const off = client.on('analysis:progress', (p) => {
      seen.push(p);
      if (seen.length === 2) gotTwo();
    });
    server.emit('analysis:progress', { runId: 1, videoId: 'v', doneSnippets: 1, totalSnippets: 4 });
    server.emit('analysis:progress', { runId: 1, videoId: 'v', doneSnippets: 2, totalSnippets: 4 });
    await twoArrived;
    expect(seen.map((p) => p.doneSnippets)).toEqual([1, 2]);
    off();
    server.emit('analysis:progress', { runId: 1, videoId: 'v', doneSnippets: 3, totalSnippets: 4 });
    // A round trip after the emit proves the event has arrived (one ordered socket).
    await client.invoke('app:info', {});
    expect(seen).toHaveLength(2);
    client.close();
    await client.closed;
  });

  it("cancels a running request on the server when the caller's signal aborts", async () => {
    const client = connect();
    const controller = new AbortController();
    const started = new Promise<void>((resolve) => (waitStarted = resolve));
    const pending = client.invoke(
      'scores:get',
      { videoId: 'wait', runId: 1 },
      { signal: controller.signal },
    );
    await started;
    controller.abort();
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'cancelled' },
    });
    expect(aborted).toEqual(['wait']);
    // An already-aborted signal answers at once and sends nothing.
    const early = await client.invoke(
      'scores:get',
      { videoId: 'v', runId: 1 },
      { signal: controller.signal },
    );
    expect(early).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect((await client.invoke('app:info', {})).ok).toBe(true);
    client.close();
    await client.closed;
  });

  it("hands a request's progress to its listeners before it resolves", async () => {
    const client = connect();
    const done: number[] = [];
    const options = { progress: { step: (p: { done: number }) => void done.push(p.done) } };
    const result = await client.invoke(
      'scores:get',
      { videoId: 'steps', runId: 4 },
      options as InvokeOptions,
    );
    expect(result.ok).toBe(true);
    expect(done).toEqual([1, 2, 3, 4]);
    client.close();
    await client.closed;
  });

  it('settles pending and later requests with an error once the connection is gone', async () => {
    const client = connect();
    await client.invoke('app:info', {});
    const pending = client.invoke('scores:get', { videoId: 'slow', runId: 1 });
    await server.close();
    const lost = await pending;
    expect(lost).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(lost.ok || lost.error.message).toMatch(/connection .* closed/);
    expect((await client.invoke('app:info', {})).ok).toBe(false);
    releaseSlow();
  });
});

/** A TCP server that accepts connections and never answers: the upgrade never completes. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets: Socket[] = [];
  const tcp: Server = createServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    port: (tcp.address() as AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => tcp.close(() => resolve()));
    },
  };
}

/** A port nothing listens on (bound, then released). */
async function refusingPort(): Promise<number> {
  const tcp = createServer();
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  await new Promise<void>((resolve) => tcp.close(() => resolve()));
  return port;
}

describe('wsClient on a socket that never opens', () => {
  it('fails calls with a clear error once the open timeout passes', async () => {
    const silent = await silentServer();
    try {
      const socket = new WebSocket(`ws://127.0.0.1:${silent.port}/ws`);
      const client = createWsClient(socket, { openTimeoutMs: 300 });
      const startedMs = Date.now();
      const [first, second] = await Promise.all([
        client.invoke('app:info', {}),
        client.invoke('scores:get', { videoId: 'v', runId: 1 }),
      ]);
      for (const r of [first, second]) {
        expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
        expect(r.ok || r.error.message).toMatch(/cannot connect to the Actionline server .*0\.3 s/);
      }
      expect(Date.now() - startedMs).toBeGreaterThanOrEqual(250);
      await client.closed;
      // Later calls fail at once, with the same reason.
      expect(await client.invoke('app:info', {})).toEqual(first);
    } finally {
      await silent.close();
    }
  });

  it('fails calls at once when the connection is refused', async () => {
    const port = await refusingPort();
    const client = createWsClient(new WebSocket(`ws://127.0.0.1:${port}/ws`), {
      openTimeoutMs: 60_000,
    });
    const r = await client.invoke('app:info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(r.ok || r.error.message).toMatch(/cannot connect to the Actionline server/);
  });
});
