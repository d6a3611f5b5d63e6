import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseRange } from '../app/byteRange.ts';
import { baseHeaders, replyText } from './httpReplies.ts';
import { videoContentType } from '../app/mediaContentType.ts';

/**
 * Video files for `<video src="/media/<videoId>">`, with Range support so the player can
 * seek without downloading the file. Which file a videoId means is decided by the injected
 * resolver (the project store); this route never builds a path from the request.
 */
export type MediaResolver = (videoId: string) => string | undefined | Promise<string | undefined>;

export const MEDIA_PREFIX = '/media/';

/** The videoId of a raw `/media/<id>` path: exactly one percent-encoded segment. */
export function mediaVideoId(rawPath: string): string | undefined {
  const encoded = rawPath.slice(MEDIA_PREFIX.length);
  if (!rawPath.startsWith(MEDIA_PREFIX) || encoded === '' || encoded.includes('/')) {
    return undefined;
  }
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  videoId: string,
  resolve: MediaResolver,
): Promise<void> {
  const file = await resolve(videoId);
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || !info?.isFile()) {
    replyText(res, 404, 'no such video');
    return;
  }
  const sizeBytes = info.size;
  const headers = {
    ...baseHeaders,
    'Accept-Ranges': 'bytes',
    'Content-Type': videoContentType(file),
    'Cache-Control': 'no-cache',
  };
  const range = parseRange(req.headers.range, sizeBytes);
  if (range.kind === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${sizeBytes}` });
    res.end();
    return;
  }
  const [startByte, endByte] =
    range.kind === 'part' ? [range.startByte, range.endByteInclusive] : [0, sizeBytes - 1];
  res.writeHead(range.kind === 'part' ? 206 : 200, {
    ...headers,
    'Content-Length': endByte - startByte + 1,
    ...(range.kind === 'part' && { 'Content-Range': `bytes ${startByte}-${endByte}/${sizeBytes}` }),
  });
  if (req.method === 'HEAD' || sizeBytes === 0) {
    res.end();
    return;
  }
  // A player that seeks aborts the previous request; that ends the pipeline early, quietly.
  await pipeline(createReadStream(file, { start: startByte, end: endByte }), res).catch(() => {});
}
