/**
 * The `Range` header of a media request (RFC 9110 §14), for one byte range: what `<video>`
 * sends when it seeks. Several ranges in one request are answered with the whole file,
 * which the RFC allows and players never ask for anyway.
 */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'part'; startByte: number; endByteInclusive: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

export function parseRange(header: string | undefined, sizeBytes: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const spec = header.trim();
  if (spec.startsWith('bytes=') && spec.includes(',')) return { kind: 'whole' };
  const match = SINGLE_RANGE.exec(spec);
  if (!match) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    // `bytes=-N`: the last N bytes.
    const suffixBytes = Number(last);
    if (suffixBytes === 0 || sizeBytes === 0) return { kind: 'unsatisfiable' };
    return {
      kind: 'part',
      startByte: Math.max(0, sizeBytes - suffixBytes),
      endByteInclusive: sizeBytes - 1,
    };
  }
  const startByte = Number(first);
  const requestedEnd = last === '' ? sizeBytes - 1 : Number(last);
  if (startByte >= sizeBytes || requestedEnd < startByte) return { kind: 'unsatisfiable' };
  return { kind: 'part', startByte, endByteInclusive: Math.min(requestedEnd, sizeBytes - 1) };
}
