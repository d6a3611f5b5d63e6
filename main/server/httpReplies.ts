import type { ServerResponse } from 'node:http';

/** Headers every response carries, whatever it is. */
export const baseHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
} as const;

/** A short plain-text answer for refusals and errors; it never echoes the request. */
export function replyText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    ...baseHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text + '\n'),
    'Cache-Control': 'no-store',
  });
  res.end(text + '\n');
}
