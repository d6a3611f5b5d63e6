import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.ts';
import { encodeFrame } from '../../shared/ipc/frame.ts';
import type { WireEvent } from '../../shared/ipc/wireMessages.ts';
import { ActionlineError } from '../base/errors.ts';
import { replyText } from './httpReplies.ts';
import { mediaVideoId, MEDIA_PREFIX, serveMedia, type MediaResolver } from './mediaRoute.ts';
import { rendererBuilt, serveRenderer } from './rendererRoute.ts';
import { authorize, hostAllowed, originAllowed, sessionCookie } from './requestGuard.ts';
import { createRouter } from '../app/router.ts';
import { safeSegments, splitRawPath } from './safePath.ts';
import { newToken } from './token.ts';
import { createWsEndpoint } from './wsEndpoint.ts';

/**
 * The web shell: the built renderer, video files and the contract at /ws, on 127.0.0.1
 * only, behind a per-run token. Everything it refuses gets a 403 with a short reason.
 */
export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  handlers: Partial<Handlers>;
  resolveMedia: MediaResolver;
}

export interface WebServer {
  readonly port: number;
  readonly token: string;
  /** What the user opens: `http://127.0.0.1:PORT/?token=…`. */
  readonly url: string;
  readonly rendererBuilt: boolean;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';
const LOOPBACK = '127.0.0.1';

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = newToken();
  const endpoint = createWsEndpoint(createRouter(options.handlers));
  let port = options.port;

  /** Why a request may not go further, or undefined when it may. */
  function refusal(req: IncomingMessage): string | undefined {
    if (!hostAllowed(req.headers.host, port)) return 'forbidden: wrong Host header';
    if (!authorize(req, { port, token }).ok) {
      return 'forbidden: open the URL that `actionline serve` printed';
    }
    return undefined;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = refusal(req);
    if (refused) return replyText(res, 403, refused);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return replyText(res, 405, 'method not allowed');
    }
    const rawPath = splitRawPath(req.url ?? '/');
    if (rawPath !== '/' && !safeSegments(rawPath)) {
      return replyText(res, 403, 'forbidden: path outside the app');
    }
    if (rawPath === WS_PATH) return replyText(res, 426, 'this address takes WebSocket only');
    if (rawPath.startsWith(MEDIA_PREFIX)) {
      const videoId = mediaVideoId(rawPath);
      if (videoId === undefined) return replyText(res, 404, 'no such video');
      return serveMedia(req, res, videoId, options.resolveMedia);
    }
    const { setCookie } = authorize(req, { port, token });
    const extraHeaders: Record<string, string> = setCookie
      ? { 'Set-Cookie': sessionCookie(port, token) }
      : {};
    return serveRenderer(req, res, rawPath, {
      rendererDir: options.rendererDir,
      port,
      extraHeaders,
    });
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refused =
      splitRawPath(req.url ?? '') !== WS_PATH
        ? 'forbidden: no WebSocket here'
        : (refusal(req) ??
          (originAllowed(req.headers.origin, req.headers.host)
            ? undefined
            : 'forbidden: WebSocket from another origin'));
    if (!refused) return endpoint.upgrade(req, socket, head);
    const body = `${refused}\n`;
    socket.end(
      'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy(err as Error);
      else replyText(res, 500, 'internal error');
    });
  });
  server.on('upgrade', onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new ActionlineError('BAD_ARGUMENT', `port ${options.port} is already in use`)
          : err,
      ),
    );
    server.listen(options.port, LOOPBACK, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    rendererBuilt: rendererBuilt(options.rendererDir),
    emit(event, payload) {
      const message: WireEvent = { kind: 'event', event, payload };
      endpoint.broadcast(encodeFrame(message));
    },
    close() {
      endpoint.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
