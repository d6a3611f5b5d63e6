import { seededRandom as mulberry32 } from '../../fixtures/seededRandom.ts';

export { mulberry32 };
/**
 * Seeded mutations of ActivityNet documents for the import fuzz test: structural ones on
 * the parsed document (wrong types, missing fields, odd keys, reversed segments, huge
 * arrays, tokens JSON cannot hold) and textual ones on the bytes (truncation, binary noise,
 * other encodings). Everything is driven by one PRNG, so a seed reproduces a case exactly.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

/**
 * A string value "\u0001RAW:<uri-encoded text>" is written into the JSON text as that raw
 * text, so that a document can hold what JSON.stringify cannot write: NaN, 1e400, a
 * duplicate key, deep nesting.
 */
const raw = (text: string): string => `\u0001RAW:${encodeURIComponent(text)}`;
const RAW_IN_TEXT = /"\\u0001RAW:([^"]*)"/g;

const ODD_VALUES: readonly Json[] = [
  'str',
  '12.5',
  '',
  ' ',
  null,
  true,
  false,
  0,
  -1,
  -1e-9,
  1.5,
  1e308,
  -1e308,
  [],
  {},
  [1],
  [1, 2, 3],
  ['1', '2'],
  [null, 1],
  { segment: [1, 2] },
  'x'.repeat(100_000),
  '🎬 ñ \u2028 \u202e',
  '\ud800',
  'a\u0000b',
  '__proto__',
  raw('1e400'),
  raw('-1e400'),
  raw('NaN'),
  raw('Infinity'),
  raw('-Infinity'),
  raw('1e-400'),
  raw('-0'),
  raw(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
];

const ODD_KEYS: readonly string[] = [
  '',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '🎬',
  'k'.repeat(10_000),
  '\ud800',
  '\u0000',
  ' ',
  'v_bYUmtLBL7W4',
  '"quoted"',
  'line\nbreak',
  '17',
];

/** A fresh copy: the pool's arrays and objects must not be shared between (mutated) documents. */
const oddValue = (random: Random): Json => structuredClone(pick(random, ODD_VALUES));

/** Every path into the document, as key/index lists. */
function paths(doc: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (doc !== null && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  }
  return out;
}

function parentOf(doc: Json, path: (string | number)[]): Json {
  let node = doc;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, Json>)[step]!;
  return node;
}

/** Applies one structural mutation in place; returns the document (replaced at the root) and what it did. */
function mutateStructure(doc: Json, random: Random): { doc: Json; what: string } {
  const path = pick(random, paths(doc));
  const where = path.join('.') || '(root)';
  const op = Math.floor(random() * 7);
  if (path.length === 0) return { doc: oddValue(random), what: 'root replaced' };
  const parent = parentOf(doc, path) as Record<string | number, Json> & Json[];
  const key = path[path.length - 1]!;
  const value = parent[key]!;
  switch (op) {
    case 0:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key];
      return { doc, what: `deleted ${where}` };
    case 1:
      if (Array.isArray(value) && value.length > 0) {
        // Up to about 2 MB of text per file, so that the test stays fast on two cores.
        const size = JSON.stringify(value[0]).length;
        const copies = Math.min(pick(random, [2, 100, 5_000, 30_000]), Math.ceil(2e6 / size));
        const filled = Array.from({ length: copies }, () => structuredClone(value[0]!));
        parent[key] = filled;
        return { doc, what: `${where} repeated ${copies}×` };
      }
      break;
    case 2:
      if (Array.isArray(value) && value.length === 2) {
        parent[key] = [value[1]!, value[0]!];
        return { doc, what: `${where} reversed` };
      }
      break;
    case 3:
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const odd = pick(random, ODD_KEYS);
        const sibling = Object.values(value)[0];
        // defineProperty: plain assignment of "__proto__" would set the prototype, not a key.
        Object.defineProperty(value, odd, {
          value:
            random() < 0.5 && sibling !== undefined ? structuredClone(sibling) : oddValue(random),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        return { doc, what: `key ${JSON.stringify(odd.slice(0, 20))} added in ${where}` };
      }
      break;
    case 4:
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        const keys = Object.keys(value);
        if (keys.length > 0) {
          // The raw key repeats an existing one: a duplicate key in the text.
          value[raw(JSON.stringify(pick(random, keys)))] = structuredClone(value[keys[0]!]!);
          return { doc, what: `duplicate key in ${where}` };
        }
      }
      break;
  }
  parent[key] = oddValue(random);
  return { doc, what: `${where} replaced` };
}

function serialise(doc: Json): string {
  return JSON.stringify(doc).replace(RAW_IN_TEXT, (_m, text: string) => decodeURIComponent(text));
}

/** Applies a textual mutation to the bytes; `null` when the random choice was to keep them. */
function mutateBytes(text: string, random: Random): { bytes: Buffer; what: string } | null {
  const bytes = Buffer.from(text, 'utf8');
  const at = Math.floor(random() * bytes.length);
  switch (Math.floor(random() * 16)) {
    case 0:
      return { bytes: bytes.subarray(0, at), what: `truncated at ${at}` };
    case 1: {
      const copy = Buffer.from(bytes);
      for (let i = 0; i < 1 + random() * 4; i++)
        copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      return { bytes: copy, what: 'bytes flipped' };
    }
    case 2: {
      const noise = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
      return {
        bytes: Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]),
        what: `noise at ${at}`,
      };
    }
    case 3:
      return {
        bytes: Buffer.from(Array.from({ length: 512 }, () => Math.floor(random() * 256))),
        what: 'binary file',
      };
    case 4:
      return { bytes: Buffer.alloc(0), what: 'empty file' };
    case 5:
      return { bytes: Buffer.from(`\ufeff${text}`, 'utf16le'), what: 'UTF-16' };
    case 6:
      return { bytes: Buffer.from(text, 'latin1'), what: 'latin1' };
    case 7:
      return { bytes: Buffer.concat([Buffer.from('\ufeff'), bytes]), what: 'byte-order mark' };
    case 8:
      return {
        bytes: Buffer.concat([bytes, Buffer.from(' {"more": 1}')]),
        what: 'trailing garbage',
      };
    default:
      return null;
  }
}

export interface FuzzCase {
  bytes: Buffer;
  /** What was done, for the failure message. */
  what: string;
}

/** One mutated file from a valid document: 1–3 structural mutations, then maybe a textual one. */
export function mutatedFile(base: Json, random: Random): FuzzCase {
  let doc = structuredClone(base);
  const done: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const step = mutateStructure(doc, random);
    doc = step.doc;
    done.push(step.what);
  }
  const text = serialise(doc);
  const textual = random() < 0.3 ? mutateBytes(text, random) : null;
  if (textual) done.push(textual.what);
  return { bytes: textual?.bytes ?? Buffer.from(text, 'utf8'), what: done.join('; ') };
}
