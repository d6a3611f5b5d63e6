import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../../shared/ipc/frame.ts';
import type { ServerMessage, WireResponse } from '../../../shared/ipc/wireMessages.ts';
import { startFixture, testScores, waits, type Fixture } from './serverFixture.ts';

/** The contract at /ws over a real socket, with the `ws` client a non-browser tool would use. */
let fx: Fixture;
let port: number;
let origin: string;

beforeAll(async () => {
  fx = await startFixture();
  port = fx.server.port;
  origin = `http://127.0.0.1:${port}`;
});
afterAll(() => fx.close());

interface Opened {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the next message that satisfies `match`, past or future. */
  next(match: (m: ServerMessage) => boolean): Promise<ServerMessage>;
}

function open(headers: Record<string, string>, path = '/ws'): Promise<Opened> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
  ws.binaryType = 'arraybuffer';
  const messages: ServerMessage[] = [];
  const waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] =
    [];
  ws.on('message', (data) => {
    const message = decodeFrame(data as ArrayBuffer) as ServerMessage;
    messages.push(message);
    for (const w of waiters.filter((w) => w.match(message))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  const next = (match: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) => {
      const seen = messages.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, next }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => reject(new Error(`${res.statusCode} ${Buffer.concat(chunks)}`)));
    });
    ws.once('error', reject);
  });
}

const good = () => ({ origin, cookie: fx.cookie });

let nextId = 1;
async function call(c: Opened, channel: string, request: unknown): Promise<WireResponse> {
  const id = nextId++;
  c.ws.send(encodeFrame({ kind: 'request', id, channel, request }));
  return (await c.next((m) => m.kind === 'response' && m.id === id)) as WireResponse;
}

describe('WebSocket handshake', () => {
  it('refuses a socket without token or cookie', async () => {
    await expect(open({ origin })).rejects.toThrow(/^403 forbidden: open the URL/);
  });

  it('refuses a socket whose Origin is not its Host, or that has no Origin', async () => {
    for (const bad of ['http://evil.example', `http://localhost:${port}`, 'null']) {
      await expect(open({ origin: bad, cookie: fx.cookie }), bad).rejects.toThrow(
        '403 forbidden: WebSocket from another origin',
      );
    }
    await expect(open({ cookie: fx.cookie })).rejects.toThrow(/^403 .*another origin/);
  });

  it('refuses a socket with a rebound Host', async () => {
    const headers = {
      ...good(),
      host: `evil.example:${port}`,
      origin: `http://evil.example:${port}`,
    };
    await expect(open(headers)).rejects.toThrow('403 forbidden: wrong Host header');
  });

  it('refuses a socket on another path', async () => {
    await expect(open(good(), '/other')).rejects.toThrow(/^403 forbidden: no WebSocket here/);
  });

  it('accepts the token in the query instead of the cookie', async () => {
    const c = await open({ origin }, `/ws?token=${fx.server.token}`);
    expect((await call(c, 'app:info', {})).result.ok).toBe(true);
    c.ws.close();
  });
});

describe('WebSocket requests', () => {
  let c: Opened;
  beforeAll(async () => {
    c = await open(good());
  });
  afterAll(() => c.ws.close());

  it('answers scores:get with typed arrays that arrive as typed arrays, values identical', async () => {
    const { result } = await call(c, 'scores:get', { videoId: 'v1', runId: 2 });
    if (!result.ok) throw new Error(result.error.message);
    const value = result.value as typeof testScores;
    expect(value.classCount).toBe(3);
    expect(value.labels).toEqual(['walk', 'run', 'jump']);
    expect(value.scores).toBeInstanceOf(Float32Array);
    expect(value.snippetCenterSec).toBeInstanceOf(Float64Array);
    // Byte-identical, so NaN, -0, Infinity and denormals survive exactly.
    const asBytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    expect(asBytes(value.scores).equals(asBytes(testScores.scores))).toBe(true);
    expect(asBytes(value.snippetCenterSec).equals(asBytes(testScores.snippetCenterSec))).toBe(true);
  });

  it('answers app:info', async () => {
    expect((await call(c, 'app:info', {})).result).toEqual({
      ok: true,
      value: { version: '0.0.0-test', platform: process.platform, shell: 'web' },
    });
  });

  it('answers a bad payload with BAD_ARGUMENT naming the channel and the field', async () => {
    const { result } = await call(c, 'scores:get', { videoId: 'v1', runId: 'two' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENT' } });
    expect(result.ok || result.error.message).toMatch(/^scores:get: bad request: runId: /);
  });

  it('answers an unknown channel with BAD_ARGUMENT', async () => {
    const { result } = await call(c, 'fs:readFile', { path: '/etc/passwd' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'BAD_ARGUMENT', message: "unknown channel 'fs:readFile'" },
    });
  });

  it('turns handler exceptions into error envelopes and keeps the socket open', async () => {
    expect((await call(c, 'scores:get', { videoId: 'gone', runId: 1 })).result).toEqual({
      ok: false,
      error: { code: 'FILE_NOT_FOUND', message: 'gone.mp4: video is gone', file: 'gone.mp4' },
    });
    expect((await call(c, 'scores:get', { videoId: 'boom', runId: 1 })).result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'handler exploded' },
    });
    expect((await call(c, 'app:info', {})).result.ok).toBe(true);
  });

  it('answers concurrent requests each under its own id', async () => {
    const answers = await Promise.all([
      call(c, 'scores:get', { videoId: 'boom', runId: 1 }),
      call(c, 'app:info', {}),
      call(c, 'scores:get', { videoId: 'v', runId: 1 }),
    ]);
    expect(answers.map((a) => a.result.ok)).toEqual([false, true, true]);
  });
});

describe('WebSocket cancel and progress (the RPC of shared/rpc)', () => {
  it('cancels a running request: its handler sees the abort and answers CANCELLED', async () => {
    const c = await open(good());
    const id = nextId++;
    c.ws.send(
      encodeFrame({
        kind: 'request',
        id,
        channel: 'scores:get',
        request: { videoId: 'wait', runId: 1 },
      }),
    );
    // One ordered socket: once a later request is answered, the first one is running.
    expect((await call(c, 'app:info', {})).result.ok).toBe(true);
    const before = { ...waits };
    expect(before.started).toBeGreaterThan(before.aborted);
    c.ws.send(encodeFrame({ kind: 'cancel', id }));
    const answer = await c.next((m) => m.kind === 'response' && m.id === id);
    expect(answer).toEqual({
      kind: 'response',
      id,
      result: { ok: false, error: { code: 'CANCELLED', message: 'scores:get cancelled' } },
    });
    expect(waits.aborted).toBe(before.aborted + 1);
    // A cancel for nothing (answered already, or never sent) is ignored; the socket stays.
    c.ws.send(encodeFrame({ kind: 'cancel', id }));
    c.ws.send(encodeFrame({ kind: 'cancel', id: 123456 }));
    expect((await call(c, 'app:info', {})).result.ok).toBe(true);
    c.ws.close();
  });

  it("aborts a client's running requests when its socket closes", async () => {
    const c = await open(good());
    c.ws.send(
      encodeFrame({
        kind: 'request',
        id: 1,
        channel: 'scores:get',
        request: { videoId: 'wait', runId: 1 },
      }),
    );
    expect((await call(c, 'app:info', {})).result.ok).toBe(true);
    const abortedBefore = waits.aborted;
    c.ws.close();
    await expect.poll(() => waits.aborted, { timeout: 2000 }).toBe(abortedBefore + 1);
  });

  it("delivers a request's progress under its id, in order, before its answer", async () => {
    const c = await open(good());
    const { id } = await call(c, 'scores:get', { videoId: 'steps', runId: 3 });
    const mine = c.messages.filter((m) => m.kind !== 'event' && m.id === id);
    expect(mine.map((m) => (m.kind === 'progress' ? m.payload : m.kind))).toEqual([
      1,
      2,
      3,
      'response',
    ]);
    expect(mine[0]).toEqual({ kind: 'progress', id, event: 'step', payload: 1 });
    c.ws.close();
  });
});

describe('WebSocket events and bad frames', () => {
  it('broadcasts an event to every connected client', async () => {
    const [a, b] = await Promise.all([open(good()), open(good())]);
    const payload = { runId: 1, videoId: 'v1', doneSnippets: 3, totalSnippets: 10 };
    const isProgress = (m: ServerMessage) => m.kind === 'event' && m.event === 'analysis:progress';
    fx.server.emit('analysis:progress', payload);
    const expected = { kind: 'event', event: 'analysis:progress', payload };
    expect(await a.next(isProgress)).toEqual(expected);
    expect(await b.next(isProgress)).toEqual(expected);
    a.ws.close();
    b.ws.close();
  });

  it('closes a socket that sends text frames (1003) or undecodable frames (1007)', async () => {
    const text = await open(good());
    text.ws.send('{"kind":"request"}');
    const [textCode] = (await once(text.ws, 'close')) as [number];
    expect(textCode).toBe(1003);
    const garbage = await open(good());
    garbage.ws.send(new Uint8Array([1, 2, 3, 4, 5]));
    const [garbageCode] = (await once(garbage.ws, 'close')) as [number];
    expect(garbageCode).toBe(1007);
    const notRpc = await open(good());
    notRpc.ws.send(encodeFrame({ kind: 'response', id: 1, result: { ok: true, value: 1 } }));
    const [notRpcCode] = (await once(notRpc.ws, 'close')) as [number];
    expect(notRpcCode).toBe(1007);
  });

  it('closes a socket whose message is over the request limit (1009); others go on', async () => {
    const [big, other] = await Promise.all([open(good()), open(good())]);
    const padding = new Uint8Array(16 * 1024 * 1024 + 1);
    big.ws.send(encodeFrame({ kind: 'request', id: 1, channel: 'app:info', request: { padding } }));
    const [bigCode] = (await once(big.ws, 'close')) as [number];
    expect(bigCode).toBe(1009);
    expect((await call(other, 'app:info', {})).result.ok).toBe(true);
    other.ws.close();
  });
});
