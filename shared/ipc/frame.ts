/**
 * One WebSocket message = one binary frame: a JSON header plus the raw bytes of every typed
 * array in the value, so bulk numbers (snippet scores) never become JSON arrays of numbers.
 *
 * Layout (all offsets from the first byte of the frame):
 *
 *   [u32 little-endian: header byte length H]
 *   [H bytes: header, JSON in UTF-8]
 *   [zero padding up to a multiple of 8]
 *   [array 0 raw bytes][zero padding to a multiple of 8][array 1 raw bytes] ... [last array]
 *
 * Header: `{"v":1,"body":<the value as JSON, typed arrays replaced by null>,
 *           "arrays":[{"path":["value","scores"],"type":"Float32Array","byteOffset":48,"length":6}]}`
 * `path` is the chain of object keys and array indices from the value's root to the array.
 * Every array starts 8-byte aligned, so the receiver can view it in place (no copy) whenever
 * the frame itself starts aligned. Elements are little-endian (every platform Actionline runs
 * on is). JSON rules apply to the rest: a plain NaN number becomes null; in a typed array it
 * stays NaN.
 */

export const FRAME_VERSION = 1;
const ALIGN_BYTES = 8;
const LENGTH_PREFIX_BYTES = 4;

/** The typed arrays that cross the wire, by the name the header uses. */
const arrayTypes = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint8Array,
} as const;
export type FrameArrayType = keyof typeof arrayTypes;
export type FrameArray = InstanceType<(typeof arrayTypes)[FrameArrayType]>;

export type JsonPath = (string | number)[];

interface ArrayEntry {
  path: JsonPath;
  type: FrameArrayType;
  byteOffset: number;
  length: number;
}

interface Header {
  v: number;
  body: unknown;
  arrays: ArrayEntry[];
}

/** A frame that cannot be decoded; the message is dropped and the connection closed. */
export class FrameError extends Error {
  override name = 'FrameError';
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN_BYTES) * ALIGN_BYTES;
}

/** Tag-based so it also works across realms, and a Node Buffer counts as a Uint8Array. */
function frameArrayType(value: object): FrameArrayType | undefined {
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  return tag in arrayTypes ? (tag as FrameArrayType) : undefined;
}

/**
 * Copies `value` with typed arrays replaced by null; collects them with their paths. `path`
 * is the walk's own stack (pushed and popped), copied only for an array found.
 */
function extractArrays(
  value: unknown,
  path: JsonPath,
  found: { path: JsonPath; array: FrameArray; type: FrameArrayType }[],
): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (ArrayBuffer.isView(value)) {
    const type = frameArrayType(value);
    if (!type) throw new TypeError(`cannot send ${value.constructor.name} at ${path.join('.')}`);
    found.push({ path: [...path], array: value as FrameArray, type });
    return null;
  }
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      out[i] = extractArrays(value[i], path, found);
      path.pop();
    }
    return out;
  }
  // Keep JSON's own conversions (a Date becomes its ISO string, as JSON.stringify does).
  const toJSON = (value as { toJSON?: () => unknown }).toJSON;
  if (typeof toJSON === 'function') return toJSON.call(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    path.push(key);
    out[key] = extractArrays((value as Record<string, unknown>)[key], path, found);
    path.pop();
  }
  return out;
}

export function encodeFrame(value: unknown): Uint8Array<ArrayBuffer> {
  const found: { path: JsonPath; array: FrameArray; type: FrameArrayType }[] = [];
  const body = extractArrays(value, [], found);
  // Offsets depend on the header length and the header holds the offsets, so lay the
  // arrays out relative to the data start, then shift by the (final) header size.
  let relative = 0;
  let dataBytes = 0; // no padding after the last array
  const entries: ArrayEntry[] = found.map(({ path, array, type }) => {
    const entry = { path, type, byteOffset: relative, length: array.length };
    dataBytes = relative + array.byteLength;
    relative = alignUp(dataBytes);
    return entry;
  });
  // The header is `{"v":…,"body":…,"arrays":…}` as JSON.stringify writes it; the body, by
  // far its largest part, is written and encoded once.
  const encoder = new TextEncoder();
  const bodyJson = JSON.stringify(body) as string | undefined;
  const opening = encoder.encode(
    `{"v":${FRAME_VERSION},${bodyJson === undefined ? '' : `"body":${bodyJson},`}"arrays":`,
  );
  let dataStart = 0;
  let arraysBytes = new Uint8Array(0);
  // Offsets grow by a few digits at most, so this settles after two or three passes.
  for (let settled = false; !settled;) {
    const shifted = entries.map((e) => ({ ...e, byteOffset: e.byteOffset + dataStart }));
    arraysBytes = encoder.encode(`${JSON.stringify(shifted)}}`);
    const nextStart = alignUp(LENGTH_PREFIX_BYTES + opening.length + arraysBytes.length);
    settled = nextStart === dataStart;
    dataStart = nextStart;
  }
  const headerLength = opening.length + arraysBytes.length;
  const frame = new Uint8Array(dataStart + dataBytes);
  new DataView(frame.buffer).setUint32(0, headerLength, true);
  frame.set(opening, LENGTH_PREFIX_BYTES);
  frame.set(arraysBytes, LENGTH_PREFIX_BYTES + opening.length);
  found.forEach(({ array }, i) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    frame.set(bytes, dataStart + entries[i]!.byteOffset);
  });
  return frame;
}

function parseHeader(frame: Uint8Array): Header {
  if (frame.byteLength < LENGTH_PREFIX_BYTES) throw new FrameError('frame shorter than its prefix');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerLength = view.getUint32(0, true);
  if (LENGTH_PREFIX_BYTES + headerLength > frame.byteLength) {
    throw new FrameError('header runs past the end of the frame');
  }
  const text = new TextDecoder('utf-8', { fatal: true }).decode(
    frame.subarray(LENGTH_PREFIX_BYTES, LENGTH_PREFIX_BYTES + headerLength),
  );
  let header: Header;
  try {
    header = JSON.parse(text) as Header;
  } catch {
    throw new FrameError('header is not JSON');
  }
  if (header === null || typeof header !== 'object' || header.v !== FRAME_VERSION) {
    throw new FrameError(`unsupported frame version ${String(header?.v)}`);
  }
  if (!Array.isArray(header.arrays)) throw new FrameError('header has no array table');
  return header;
}

/** Reads one array: a view into the frame when aligned, else a copy. */
function readArray(frame: Uint8Array, entry: ArrayEntry): FrameArray {
  const Ctor = Object.hasOwn(arrayTypes, entry.type) ? arrayTypes[entry.type] : undefined;
  const { byteOffset, length } = entry;
  if (!Ctor) throw new FrameError(`unknown array type ${String(entry.type)}`);
  if (!Number.isSafeInteger(byteOffset) || !Number.isSafeInteger(length) || byteOffset < 0) {
    throw new FrameError('bad array offset or length');
  }
  const byteLength = length * Ctor.BYTES_PER_ELEMENT;
  if (length < 0 || byteOffset + byteLength > frame.byteLength) {
    throw new FrameError('array runs past the end of the frame');
  }
  const absolute = frame.byteOffset + byteOffset;
  if (absolute % Ctor.BYTES_PER_ELEMENT === 0)
    return new Ctor(frame.buffer as ArrayBuffer, absolute, length);
  return new Ctor(frame.slice(byteOffset, byteOffset + byteLength).buffer);
}

/** Puts `array` where the header's path says; only own properties, so no prototype is reachable. */
function placeArray(root: { body: unknown }, path: unknown[], array: FrameArray): void {
  let holder: Record<string | number, unknown> = root;
  let key: string | number = 'body';
  for (const step of path) {
    const next = Object.hasOwn(holder, key) ? holder[key] : undefined;
    if (next === undefined || next === null || typeof next !== 'object')
      throw new FrameError('bad array path');
    if (typeof step !== 'string' && typeof step !== 'number') throw new FrameError('bad path');
    holder = next as Record<string | number, unknown>;
    key = step;
  }
  if (!Object.hasOwn(holder, key) || holder[key] !== null) {
    throw new FrameError('array path does not point at a placeholder');
  }
  Object.defineProperty(holder, key, { value: array, enumerable: true, writable: true });
}

export function decodeFrame(data: ArrayBuffer | Uint8Array): unknown {
  const frame = data instanceof Uint8Array ? data : new Uint8Array(data);
  const header = parseHeader(frame);
  const root = { body: header.body };
  for (const entry of header.arrays) {
    if (!Array.isArray(entry?.path)) throw new FrameError('bad array path');
    placeArray(root, entry.path, readArray(frame, entry));
  }
  return root.body;
}
