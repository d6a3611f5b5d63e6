import type { Api, Channel, RequestOf, ResponseFor } from '../../../shared/ipc/contract.ts';
import { createWsClient, webSocketUrl } from '../../../shared/ipc/wsClient.ts';
import { notices } from './notices.svelte.ts';

/**
 * The contract, whichever shell carries it: Electron's preload exposes `actionline.api`;
 * in a browser (web shell) the page talks to the server that served it over /ws.
 */
function connect(): Api {
  const bridged = (globalThis as { actionline?: { api?: Api } }).actionline?.api;
  if (bridged) return bridged;
  return createWsClient(new WebSocket(webSocketUrl(location)));
}

export const api: Api = connect();

/**
 * Calls a channel; an error envelope becomes a notice for the user and `null` for the
 * caller, so UI code handles "it did not work" in one place.
 */
export async function call<K extends Channel>(
  channel: K,
  request: RequestOf<K>,
): Promise<ResponseFor<K> | null> {
  const result = await api.invoke(channel, request);
  if (result.ok) return result.value;
  notices.error(result.error.message);
  return null;
}
