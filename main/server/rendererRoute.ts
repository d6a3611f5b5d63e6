import { createReadStream, existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { baseHeaders, replyText } from './httpReplies.ts';
import { resolveUnder } from './safePath.ts';

/** The built renderer (`npm run build` → out/renderer): the page and its assets. */

export const RENDERER_MISSING =
  'the renderer is not built (no out/renderer/index.html): run `npm run build`';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * The same policy as renderer/index.html's meta tag, with the WebSocket narrowed to this
 * port, plus what only a header can say (frame-ancestors).
 */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Pages for tests only: test-hooks.html is the app with the benches' hooks
 * (renderer/src/testHooks/). The web shell serves them when started with
 * ACTIONLINE_TEST_HOOKS=1 (test/e2e/helpers/serve.ts sets it); otherwise they are not there.
 */
const TEST_PAGES = new Set(['/test-hooks.html']);
export const TEST_HOOKS_ENV = 'ACTIONLINE_TEST_HOOKS';

export function rendererBuilt(rendererDir: string): boolean {
  return existsSync(path.join(rendererDir, 'index.html'));
}

/** A file under the renderer; symlinks are followed only if they stay inside it. */
async function rendererFile(
  rendererDir: string,
  rawPath: string,
): Promise<string | 'forbidden' | 'missing'> {
  const file = resolveUnder(rendererDir, rawPath === '/' ? '/index.html' : rawPath);
  if (!file) return 'forbidden';
  const [realRoot, realFile] = await Promise.all([
    realpath(rendererDir),
    realpath(file).catch(() => undefined),
  ]);
  if (!realFile) return 'missing';
  return realFile.startsWith(realRoot + path.sep) ? realFile : 'forbidden';
}

export async function serveRenderer(
  req: IncomingMessage,
  res: ServerResponse,
  rawPath: string,
  opts: { rendererDir: string; port: number; extraHeaders: Record<string, string> },
): Promise<void> {
  if (!rendererBuilt(opts.rendererDir)) {
    replyText(res, 503, RENDERER_MISSING);
    return;
  }
  if (TEST_PAGES.has(rawPath) && process.env[TEST_HOOKS_ENV] !== '1') {
    replyText(res, 404, 'not found');
    return;
  }
  const file = await rendererFile(opts.rendererDir, rawPath);
  if (file === 'forbidden') {
    replyText(res, 403, 'forbidden: path outside the app');
    return;
  }
  const info = file === 'missing' ? undefined : await stat(file).catch(() => undefined);
  if (file === 'missing' || !info?.isFile()) {
    replyText(res, 404, 'not found');
    return;
  }
  const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const isHtml = type.startsWith('text/html');
  res.writeHead(200, {
    ...baseHeaders,
    ...opts.extraHeaders,
    'Content-Type': type,
    'Content-Length': info.size,
    // The page is the token's landing place: never keep it. Assets are revalidated.
    'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    ...(isHtml && {
      'Content-Security-Policy': contentSecurityPolicy(opts.port),
      'X-Frame-Options': 'DENY',
    }),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res).catch(() => {});
}
