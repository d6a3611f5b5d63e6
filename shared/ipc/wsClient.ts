import type { Result } from '../result.ts';
import type { Api, Channel, EventName, EventPayload, RequestOf, ResponseFor } from './contract.ts';
import { decodeFrame, encodeFrame } from './frame.ts';
import { parseServerMessage, type WireRequest } from './wireMessages.ts';

/**
 * The renderer's side of the web shell: the typed Api over a browser WebSocket (no Node).
 * Each request gets an id; the response with that id settles its promise. Requests never
 * reject: a lost connection becomes an error envelope, like any other failure.
 */
export interface WsClient extends Api {
  /** Settles when the socket has closed, for whatever reason. */
  readonly closed: Promise<void>;
  close(): void;
}

const OPEN = 1; // WebSocket.OPEN, without needing the global at import time
const CONNECTING = 0;

function disconnected<T>(): Result<T> {
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'the connection to the Actionline server is closed' },
  };
}

/** The /ws address of the server that served this page (the session cookie goes along). */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Wraps a socket that is connecting or open; requests sent while connecting wait. */
export function createWsClient(socket: WebSocket): WsClient {
  socket.binaryType = 'arraybuffer';
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  let nextId = 1;
  let isClosed = false;

  const opened = new Promise<void>((resolve) => {
    if (socket.readyState !== CONNECTING) resolve();
    else socket.addEventListener('open', () => resolve(), { once: true });
  });
  const closed = new Promise<void>((resolve) => {
    socket.addEventListener('close', () => {
      isClosed = true;
      for (const settle of pending.values()) settle(disconnected());
      pending.clear();
      resolve();
    });
  });

  socket.addEventListener('message', (ev: MessageEvent) => {
    let message;
    try {
      message = parseServerMessage(decodeFrame(ev.data as ArrayBuffer));
    } catch {
      message = undefined;
    }
    if (!message) {
      console.warn('actionline: dropped a message the client cannot read');
    } else if (message.kind === 'response') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload as never);
    }
  });

  async function invoke<K extends Channel>(
    channel: K,
    request: RequestOf<K>,
  ): Promise<Result<ResponseFor<K>>> {
    await opened;
    if (isClosed || socket.readyState !== OPEN) return disconnected();
    const id = nextId++;
    const message: WireRequest = { kind: 'request', id, channel, request };
    const answer = new Promise<Result<unknown>>((resolve) => pending.set(id, resolve));
    socket.send(encodeFrame(message));
    return answer as Promise<Result<ResponseFor<K>>>;
  }

  function on<E extends EventName>(
    event: E,
    listener: (payload: EventPayload<E>) => void,
  ): () => void {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  return { invoke, on, closed, close: () => socket.close() };
}

/** Opens a socket to `url` and resolves once it is connected, or rejects if it cannot. */
export function connectWsClient(url: string): Promise<WsClient> {
  const socket = new WebSocket(url);
  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(createWsClient(socket)), { once: true });
    socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)), {
      once: true,
    });
  });
}
