import type { FuzzCase } from './fuzzMutations.ts';

/**
 * Seeded mutations of an XML import file (CVAT, ELAN) for the import fuzz tests, on the text
 * because XML is not JSON: truncation, attribute values and element texts of the wrong type,
 * unknown names where a file refers to its own declarations, repeated and dropped elements,
 * entity expansion and external entities in a DOCTYPE, and the byte-level damage of
 * fuzzMutations.ts (noise, binary, other encodings). One PRNG drives it, so a seed
 * reproduces a case exactly.
 */

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

const ODD_VALUES = [
  '',
  ' ',
  '-1',
  '1.5',
  '1e3',
  'x',
  '0x10',
  '999999999999999999999',
  '１２',
  'NaN',
  'Nope',
  '&amp;',
  '&#0;',
  '&unknown;',
  '🎬 \u202e',
  'x'.repeat(100_000),
];

const ATTRIBUTE = /(\s[\w:.-]+)="([^"]*)"/g;
const TEXT = />([^<]+)</g;
/** A whole element with content on one or more lines, as the tools write it: `<name …>…</name>`. */
const BLOCK = /\n([ \t]*)<([\w:.-]+)[^>]*>[\s\S]*?<\/\2>/g;

function matches(text: string, pattern: RegExp): RegExpExecArray[] {
  return [...text.matchAll(new RegExp(pattern.source, pattern.flags))];
}

function replaceAt(text: string, at: number, length: number, by: string): string {
  return text.slice(0, at) + by + text.slice(at + length);
}

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
`;
const EXTERNAL = `<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
`;

function mutateText(text: string, random: Random): { text: string; what: string } {
  switch (Math.floor(random() * 9)) {
    case 0: {
      const all = matches(text, ATTRIBUTE);
      if (all.length === 0) break;
      const m = pick(random, all);
      const value = pick(random, ODD_VALUES);
      const at = m.index + m[1]!.length + 2;
      return {
        text: replaceAt(text, at, m[2]!.length, value),
        what: `attribute${m[1]} = ${JSON.stringify(value.slice(0, 20))}`,
      };
    }
    case 1: {
      const all = matches(text, TEXT).filter((m) => m[1]!.trim() !== '');
      if (all.length === 0) break;
      const m = pick(random, all);
      const value = pick(random, ODD_VALUES);
      return {
        text: replaceAt(text, m.index + 1, m[1]!.length, value),
        what: `text ${JSON.stringify(m[1]!.slice(0, 20))} = ${JSON.stringify(value.slice(0, 20))}`,
      };
    }
    case 2:
    case 3: {
      const all = matches(text, BLOCK);
      if (all.length === 0) break;
      const m = pick(random, all);
      const drop = random() < 0.5;
      return {
        text: replaceAt(text, m.index, m[0].length, drop ? '' : m[0] + m[0]),
        what: `${drop ? 'dropped' : 'repeated'} <${m[2]}> at ${m.index}`,
      };
    }
    case 4: {
      const at = Math.floor(random() * text.length);
      return { text: text.slice(0, at), what: `truncated at ${at}` };
    }
    case 5: {
      const body = text.replace(/^<\?xml[^>]*\?>\s*/, '');
      const doctype = random() < 0.5 ? BILLION_LAUGHS : EXTERNAL;
      const ref = doctype === BILLION_LAUGHS ? '&lol3;' : '&secret;';
      const all = matches(body, TEXT);
      const m = all.length > 0 ? pick(random, all) : null;
      const inner = m === null ? body : replaceAt(body, m.index + 1, 0, ref);
      return {
        text: doctype + inner,
        what: doctype === BILLION_LAUGHS ? 'entity expansion' : 'external entity',
      };
    }
    case 6:
      return { text: text.replace(/<\/[\w:.-]+>\s*$/, ''), what: 'root not closed' };
    case 7: {
      const at = text.indexOf('>', text.indexOf('<', 40)) + 1;
      return {
        text: replaceAt(text, at, 0, '<unexpected a="1"><x/></unexpected>'),
        what: 'unknown element',
      };
    }
    default:
      break;
  }
  return { text, what: 'unchanged text' };
}

function mutateBytes(text: string, random: Random): { bytes: Buffer; what: string } | null {
  const bytes = Buffer.from(text, 'utf8');
  switch (Math.floor(random() * 8)) {
    case 0: {
      const copy = Buffer.from(bytes);
      for (let i = 0; i < 1 + random() * 4; i++)
        copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      return { bytes: copy, what: 'bytes flipped' };
    }
    case 1:
      return {
        bytes: Buffer.from(Array.from({ length: 512 }, () => Math.floor(random() * 256))),
        what: 'binary file',
      };
    case 2:
      return { bytes: Buffer.from(`\ufeff${text}`, 'utf16le'), what: 'UTF-16' };
    case 3:
      return { bytes: Buffer.concat([Buffer.from('\ufeff'), bytes]), what: 'byte-order mark' };
    case 4:
      return { bytes: Buffer.alloc(0), what: 'empty file' };
    default:
      return null;
  }
}

/** One mutated file from a valid XML text: 1–3 textual mutations, then maybe a byte-level one. */
export function mutatedXml(base: string, random: Random): FuzzCase {
  let text = base;
  const done: string[] = [];
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const step = mutateText(text, random);
    text = step.text;
    done.push(step.what);
  }
  const bytes = random() < 0.2 ? mutateBytes(text, random) : null;
  if (bytes) done.push(bytes.what);
  return { bytes: bytes?.bytes ?? Buffer.from(text, 'utf8'), what: done.join('; ') };
}
