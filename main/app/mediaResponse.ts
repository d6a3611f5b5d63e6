import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parseRange } from './byteRange.ts';
import { videoContentType } from './mediaContentType.ts';

/**
 * A video file as a fetch-style Response with Range support: what Electron's protocol
 * handler returns for `actionline-media://` URLs (the web shell answers the same requests
 * through node:http in mediaRoute.ts). `file` undefined or missing → 404.
 */
export async function mediaResponse(
  file: string | undefined,
  rangeHeader: string | null,
  method = 'GET',
): Promise<Response> {
  const info = file === undefined ? undefined : await stat(file).catch(() => undefined);
  if (file === undefined || !info?.isFile()) return new Response('no such video', { status: 404 });
  const sizeBytes = info.size;
  const headers: Record<string, string> = {
    'Accept-Ranges': 'bytes',
    'Content-Type': videoContentType(file),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  const range = parseRange(rangeHeader ?? undefined, sizeBytes);
  if (range.kind === 'unsatisfiable') {
    return new Response(null, {
      status: 416,
      headers: { ...headers, 'Content-Range': `bytes */${sizeBytes}` },
    });
  }
  const [startByte, endByte] =
    range.kind === 'part' ? [range.startByte, range.endByteInclusive] : [0, sizeBytes - 1];
  headers['Content-Length'] = String(Math.max(0, endByte - startByte + 1));
  if (range.kind === 'part')
    headers['Content-Range'] = `bytes ${startByte}-${endByte}/${sizeBytes}`;
  const body =
    method === 'HEAD' || sizeBytes === 0
      ? null
      : (Readable.toWeb(
          createReadStream(file, { start: startByte, end: endByte }),
        ) as ReadableStream);
  return new Response(body, { status: range.kind === 'part' ? 206 : 200, headers });
}
