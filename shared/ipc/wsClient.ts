import { createRpcClient, type RequestOptions } from '../rpc/rpcClient.ts';
import type {
  Api,
  Channel,
  Contract,
  EventName,
  EventPayload,
  RequestOf,
  ResponseFor,
} from './contract.ts';
import type { ProgressOf } from './defineContract.ts';
import { CONNECTION_CLOSED, webSocketTransport } from './webSocketTransport.ts';

/**
 * The renderer's side of the web shell: the typed Api over a browser WebSocket (no Node),
 * through the RPC client (shared/rpc), so a request's signal cancels it on the server and
 * its progress reaches the caller. Requests never reject: a lost connection, or one that
 * never opens, becomes an error envelope, like any other failure.
 */
export interface WsClient extends Api {
  /** Settles once the connection is gone: closed by either side, or never opened. */
  readonly closed: Promise<void>;
  close(): void;
}

export interface WsClientOptions {
  /** How long a connecting socket may take to open before every call fails. */
  openTimeoutMs?: number;
}

export const DEFAULT_OPEN_TIMEOUT_MS = 10_000;

type ContractMethods = {
  [K in Channel]: {
    request: RequestOf<K>;
    response: ResponseFor<K>;
    progress: ProgressOf<Contract, K>;
  };
};
type ContractEvents = { [E in EventName]: EventPayload<E> };

/** The /ws address of the server that served this page (the session cookie goes along). */
export function webSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Wraps a socket that is connecting or open; requests sent while connecting wait. */
export function createWsClient(socket: WebSocket, options: WsClientOptions = {}): WsClient {
  const transport = webSocketTransport(socket, {
    openTimeoutMs: options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS,
  });
  const rpc = createRpcClient<ContractMethods, ContractEvents>(transport, {
    closedError: CONNECTION_CLOSED,
  });
  return {
    // The same listeners by the same names; the compiler cannot see that the contract's
    // progress types and ContractMethods' agree for a channel it does not know yet.
    invoke: (channel, request, opts) => rpc.request(channel, request, opts as RequestOptions),
    on: (event, listener) => rpc.on(event, listener),
    closed: rpc.closed.then(() => {}),
    close: () => rpc.close(),
  };
}
